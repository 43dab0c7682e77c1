package dev.backprop.model;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.backprop.system.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = ApiTags.MODELS)
class ModelController {

    private final ModelRegistry models;

    ModelController(ModelRegistry models) {
        this.models = models;
    }

    @GetMapping
    @Operation(summary = "List models, oldest first (optionally only those of one name)")
    List<ModelSummary> list(@Parameter(description = "only versions of this model name")
                            @RequestParam(required = false) String name) {
        return models.list().stream().filter(m -> name == null || m.name().equals(name))
                .map(TrainedModel::summary).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A model with its metrics and training history, by id or by name (newest version)")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No model with that id or name")
    TrainedModel get(@PathVariable String id) {
        return models.require(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a model by id")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No model with that id")
    ResponseEntity<Void> delete(@PathVariable String id) {
        models.delete(id);
        return ResponseEntity.noContent().build();
    }
}
