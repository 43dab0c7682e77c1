package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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

/** {@code /api/v1/datasets}: upload a CSV (multipart or raw text/csv), list, read, delete. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = ApiTags.DATASETS)
class DatasetController {

    static final String TEXT_CSV = "text/csv";
    static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    static final String IRIS_EXAMPLE = """
            "","Sepal.Length","Sepal.Width","Petal.Length","Petal.Width","Species"
            "1",5.1,3.5,1.4,0.2,"setosa"
            "2",4.9,3,1.4,0.2,"setosa"
            "51",7,3.2,4.7,1.4,"versicolor"
            "52",6.4,3.2,4.5,1.5,"versicolor"
            "101",6.3,3.3,6,2.5,"virginica"
            "102",5.8,2.7,5.1,1.9,"virginica"
            """;

    private static final String UPLOAD_SUMMARY = "Upload a CSV dataset (multipart part 'file', or a text/csv body)";

    private static final String CSV_RULES = "CSV rules: UTF-8 (BOM allowed), LF, CRLF or CR, a header row, quoted"
            + " fields, spaces around values ignored; an unnamed first column (R's row names) is dropped. Each column is"
            + " numeric or categorical: any text among its cells makes it categorical unless columnTypes says"
            + " otherwise. Empty cells and NA, N/A, NaN, null, ? (any case) are missing. Numbers use '.' as decimal"
            + " separator; Inf and text in a numeric column are rejected. The label column is labelColumn if given,"
            + " else the last categorical column, else the last column; rows whose label is missing are skipped and"
            + " counted (skippedRows). name, labelColumn and columnTypes may be sent as query parameters or, in a"
            + " multipart upload, as form fields.";

    private static final String NAME_DOC = "Dataset name; defaults to the file name without extension (multipart) or"
            + " 'dataset'";
    private static final String LABEL_DOC = "Header name of the label column; inferred when absent";
    private static final String TYPES_DOC = "Column types that override inference: name:type items (type numeric or"
            + " categorical) separated by commas; quote an item whose name holds a comma (\"width, cm:numeric\")";

    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadDataset", summary = UPLOAD_SUMMARY, description = CSV_RULES,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "multipart/form-data with the CSV file in part 'file' (curl -F file=@iris.csv),"
                            + " or the CSV itself as a text/csv body",
                    content = {
                        @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                schema = @Schema(implementation = UploadForm.class)),
                        @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
                                examples = @ExampleObject(name = "iris", summary = "Iris, as R's write.csv writes it",
                                        value = IRIS_EXAMPLE))}))
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new dataset")
    @ApiResponse(responseCode = "400", description = "Missing 'file' part, or a CSV the service cannot use; the detail names the row and column",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The dataset store is full (backprop.limits.stored-datasets)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Upload, rows or columns over the limit (backprop.limits.*)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is neither text/csv, text/plain nor multipart/form-data",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DatasetSummary> uploadMultipart(
            @Parameter(hidden = true) @RequestPart(name = "file", required = false) MultipartFile file,
            @Parameter(description = NAME_DOC, example = "iris") @RequestParam(required = false) String name,
            @Parameter(description = LABEL_DOC, example = "Species") @RequestParam(required = false) String labelColumn,
            @Parameter(description = TYPES_DOC, example = "Petal.Width:numeric")
            @RequestParam(required = false) String columnTypes,
            @Parameter(hidden = true) HttpServletRequest request) {
        if (file == null) {
            throw ApiException.invalidParameter("file", "The multipart part 'file' is missing: send the CSV as a part"
                    + " named 'file', e.g. curl -F file=@iris.csv").with("field", "file");
        }
        // name, labelColumn and columnTypes are declared for the API's documentation and read with single()
        try (InputStream in = file.getInputStream()) {
            return created(catalog.upload(in, single(request, "name"), file.getOriginalFilename(),
                    single(request, "labelColumn"), single(request, "columnTypes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Documented with {@link #uploadMultipart} above: one path, one method, two body types. */
    @PostMapping(consumes = {TEXT_CSV, MediaType.TEXT_PLAIN_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    ResponseEntity<DatasetSummary> uploadCsv(
            @Parameter(hidden = true) InputStream body,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String labelColumn,
            @RequestParam(required = false) String columnTypes,
            HttpServletRequest request) {
        // the parameters are read with single(), so that a repeated one is never joined
        return created(catalog.upload(body, single(request, "name"), null, single(request, "labelColumn"),
                single(request, "columnTypes")));
    }

    /**
     * A parameter's one value. Spring joins repeated values with commas ({@code labelColumn
     * 'Species,Species'}), and a client may well send one twice: Swagger UI's form, or a field given
     * both in the query and in the multipart form. The same value twice is that value; two
     * different values are a 400, never a joined name.
     */
    static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        for (String value : values) {
            if (!value.equals(values[0])) {
                throw ApiException.invalidParameter(name, name + " was given " + values.length
                        + " times with different values ('" + values[0] + "', '" + value + "'); give it once")
                        .with("field", name);
            }
        }
        return values[0];
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listDatasets", summary = "List datasets: the built-in 'iris' first, then uploads newest first (paginated)")
    Page<DatasetSummary> list(@Parameter(description = "page number, from 0", example = "0")
                              @RequestParam(required = false) Integer page,
                              @Parameter(description = "page size, 1–" + Page.MAX_SIZE, example = "20")
                              @RequestParam(required = false) Integer size) {
        return catalog.list(Page.request(page, size));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getDataset", summary = "Read one dataset's summary: columns, types, missing counts, levels, label")
    @ApiResponse(responseCode = "200", description = "The summary")
    @ApiResponse(responseCode = "404", description = "No dataset with this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    DatasetSummary get(@Parameter(description = "The dataset's id", example = "iris") @PathVariable String id) {
        return catalog.summary(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDataset", summary = "Delete an uploaded dataset")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No dataset with this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The built-in dataset 'iris' cannot be deleted",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void delete(@Parameter(description = "The dataset's id", example = "penguins-3f9c2a1b") @PathVariable String id) {
        catalog.delete(id);
    }

    /**
     * Documents the multipart form for the OpenAPI description; the handler reads the parts directly.
     * name, labelColumn and columnTypes are documented once, as the operation's parameters, which a
     * multipart form may send as fields as well.
     */
    @Schema(name = "DatasetUploadForm")
    record UploadForm(@Schema(type = "string", format = "binary", description = "The CSV file",
                              requiredMode = Schema.RequiredMode.REQUIRED) String file) {
    }

    private ResponseEntity<DatasetSummary> created(Dataset dataset) {
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(dataset.id()).toUri();
        return ResponseEntity.created(location).body(catalog.summary(dataset.id()));
    }
}
