package dev.backprop.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import dev.backprop.system.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = ApiTags.MODELS)
class ModelController {

    private static final String REF = "A model id, a name (its newest version) or name@alias";
    private static final String PATCH_EXAMPLE = "{\"description\": \"Iris, retrained with 64 hidden units\", "
            + "\"tags\": {\"team\": \"botany\", \"stage\": \"candidate\"}}";

    private final ModelRegistry models;

    ModelController(ModelRegistry models) {
        this.models = models;
    }

    @GetMapping
    @Operation(operationId = "listModels", summary = "List models, newest first",
            description = "Filter by name and by tags (tag=key:value, repeatable: all must match); paginated.")
    Page<ModelSummary> list(
            @Parameter(description = "only versions of this model name", example = "iris")
            @RequestParam(required = false) String name,
            @Parameter(description = "key:value; only models with this tag (repeat for several)", example = "team:fraud")
            @RequestParam(required = false) List<String> tag,
            @Parameter(description = "page number, from 0", example = "0") @RequestParam(required = false) Integer page,
            @Parameter(description = "page size, 1–" + Page.MAX_SIZE, example = "20")
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.request(page, size);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String t : tag == null ? List.<String>of() : tag) {
            int colon = t.indexOf(':');
            if (colon <= 0) {
                throw ApiException.badRequest("tag must be key:value, was '" + t + "'").with("field", "tag");
            }
            wanted.put(t.substring(0, colon), t.substring(colon + 1));
        }
        List<ModelRegistry.Entry> matching = new java.util.ArrayList<>(models.entries(e ->
                (name == null || e.model().name().equals(name))
                        && wanted.entrySet().stream().allMatch(w -> w.getValue().equals(e.tags().get(w.getKey())))));
        java.util.Collections.reverse(matching);
        return paging.of(matching).map(e -> ModelSummary.of(e, models.aliasesOf(e.model())));
    }

    @GetMapping("/{ref}")
    @Operation(operationId = "getModel", summary = "A model with its metrics, training history, aliases and tags")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No model with that id, name or alias")
    ModelDetails get(@Parameter(description = REF, example = "iris@production") @PathVariable String ref) {
        return details(models.require(ref));
    }

    @GetMapping("/{name}/versions")
    @Operation(operationId = "listModelVersions", summary = "Every version of a model name, newest first")
    @ApiResponse(responseCode = "200", description = "The versions")
    @ApiResponse(responseCode = "404", description = "No model of that name")
    List<ModelSummary> versions(@Parameter(example = "iris") @PathVariable String name) {
        List<TrainedModel> versions = models.versions(name);
        if (versions.isEmpty()) {
            throw ApiException.notFound("Model", name);
        }
        List<TrainedModel> newestFirst = new java.util.ArrayList<>(versions);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().map(m -> ModelSummary.of(entry(m), models.aliasesOf(m))).toList();
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(operationId = "getModelVersion", summary = "One version of a model name")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No such name or version")
    ModelDetails version(@Parameter(example = "iris") @PathVariable String name,
                         @Parameter(example = "1") @PathVariable int version) {
        return details(requireVersion(name, version));
    }

    @DeleteMapping("/{name}/versions/{version}")
    @Operation(operationId = "deleteModelVersion", summary = "Delete one version of a model name",
            description = "Aliases pointing at it are removed; its number is never given to another model.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such name or version")
    ResponseEntity<Void> deleteVersion(@Parameter(example = "iris") @PathVariable String name,
                                       @Parameter(example = "2") @PathVariable int version) {
        models.delete(requireVersion(name, version).id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/aliases")
    @Operation(operationId = "listModelAliases", summary = "A model name's aliases: alias → version")
    @ApiResponse(responseCode = "200", description = "alias → version")
    @ApiResponse(responseCode = "404", description = "No model of that name")
    Map<String, Integer> aliases(@Parameter(example = "iris") @PathVariable String name) {
        if (models.latest(name).isEmpty()) {
            throw ApiException.notFound("Model", name);
        }
        return models.aliasesOf(name);
    }

    /** The body of an alias change. */
    record AliasRequest(@Schema(description = "The version the alias points to", example = "2") Integer version) {
    }

    /** What an alias points to, after a change. */
    record AliasView(String name, String alias, int version, String modelId) {
    }

    @PutMapping(path = "/{name}/aliases/{alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setModelAlias", summary = "Set or move an alias (as MLflow's model aliases)",
            description = "name@alias then addresses that version everywhere (REST, Open Inference Protocol, "
                    + "export). Training or importing never moves an alias; only this does.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = "{\"version\": 1}")))
    @ApiResponse(responseCode = "200", description = "The alias now points at that version")
    @ApiResponse(responseCode = "400", description = "A bad alias name or version")
    @ApiResponse(responseCode = "404", description = "No such model name or version")
    AliasView setAlias(@Parameter(example = "iris") @PathVariable String name,
                       @Parameter(example = "production") @PathVariable String alias,
                       @RequestBody AliasRequest body) {
        if (body == null || body.version() == null) {
            throw ApiException.badRequest("version is required: {\"version\": N}").with("field", "version");
        }
        TrainedModel target = models.setAlias(name, alias, body.version());
        return new AliasView(name, alias, target.version(), target.id());
    }

    @DeleteMapping("/{name}/aliases/{alias}")
    @Operation(operationId = "deleteModelAlias", summary = "Remove an alias")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No such alias")
    ResponseEntity<Void> deleteAlias(@Parameter(example = "iris") @PathVariable String name,
                                     @Parameter(example = "staging") @PathVariable String alias) {
        models.deleteAlias(name, alias);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping(path = "/{ref}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(operationId = "updateModel", summary = "Set a model's description and tags (JSON merge patch)",
            description = "Members present replace: \"description\" (null clears it); \"tags\" merges key by key "
                    + "(a null value removes that tag).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = PATCH_EXAMPLE)),
            @Content(mediaType = "application/merge-patch+json", examples = @ExampleObject(value = PATCH_EXAMPLE))})
    @ApiResponse(responseCode = "200", description = "The model as it is now")
    @ApiResponse(responseCode = "400", description = "A bad member")
    @ApiResponse(responseCode = "404", description = "No such model")
    ModelDetails patch(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                       @RequestBody JsonNode body) {
        TrainedModel model = models.require(ref);
        ModelRegistry.Entry entry = entry(model);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with description and/or tags");
        }
        String description = entry.description();
        Map<String, String> tags = new LinkedHashMap<>(entry.tags());
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            JsonNode value = member.getValue();
            switch (member.getKey()) {
                case "description" -> {
                    if (!value.isNull() && !value.isString()) {
                        throw ApiException.badRequest("description must be a string or null").with("field", "description");
                    }
                    description = value.isNull() ? null : value.asString();
                }
                case "tags" -> {
                    if (!value.isObject()) {
                        throw ApiException.badRequest("tags must be an object of name → string (null removes a tag)")
                                .with("field", "tags");
                    }
                    for (Map.Entry<String, JsonNode> t : value.properties()) {
                        if (t.getValue().isNull()) {
                            tags.remove(t.getKey());
                        } else if (t.getValue().isString()) {
                            tags.put(t.getKey(), t.getValue().asString());
                        } else {
                            throw ApiException.badRequest("tag '" + t.getKey() + "' must be a string (or null to remove "
                                    + "it)").with("field", "tags." + t.getKey());
                        }
                    }
                }
                default -> throw ApiException.badRequest("unknown member '" + member.getKey()
                        + "'; a model's description and tags can be changed").with("field", member.getKey());
            }
        }
        models.updateMetadata(model.id(), description, tags);
        return details(models.find(model.id()).orElseThrow(() -> ApiException.notFound("Model", ref)));
    }

    @DeleteMapping("/{ref}")
    @Operation(operationId = "deleteModel", summary = "Delete a model by id or name@alias",
            description = "A plain name is refused (it would mean whichever version is newest): use an id, "
                    + "name@alias or DELETE /api/v1/models/{name}/versions/{version}.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "A plain model name")
    @ApiResponse(responseCode = "404", description = "No model with that id or alias")
    ResponseEntity<Void> delete(@Parameter(description = "A model id or name@alias", example = "iris@staging") @PathVariable String ref) {
        if (models.find(ref).isEmpty() && ref.indexOf('@') < 0 && models.latest(ref).isPresent()) {
            throw ApiException.badRequest("'" + ref + "' is a model name; delete one version by id, by name@alias or "
                    + "with DELETE /api/v1/models/" + ref + "/versions/{version}").with("ref", ref);
        }
        models.delete(models.require(ref).id());
        return ResponseEntity.noContent().build();
    }

    private TrainedModel requireVersion(String name, int version) {
        return models.version(name, version).orElseThrow(() -> models.latest(name).isEmpty()
                ? ApiException.notFound("Model", name)
                : ApiException.notFound("Model version", name + " v" + version));
    }

    private ModelRegistry.Entry entry(TrainedModel model) {
        return models.entry(model.id()).orElseThrow(() -> ApiException.notFound("Model", model.id()));
    }

    private ModelDetails details(TrainedModel model) {
        return ModelDetails.of(entry(model), models.aliasesOf(model));
    }
}
