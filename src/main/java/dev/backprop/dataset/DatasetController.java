package dev.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

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

    private static final String CSV_RULES = "CSV rules: UTF-8 (BOM allowed), LF or CRLF, a header row, quoted fields;"
            + " an unnamed first column (R's row names) is dropped; the label column is labelColumn if given, else the"
            + " last column that is not numeric in the first data row, else the last column; every other column must"
            + " hold finite numbers with '.' as decimal separator.";

    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = UPLOAD_SUMMARY, description = CSV_RULES,
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
            @Parameter(description = "Dataset name; defaults to the file name without extension (multipart) or 'dataset'",
                    example = "iris")
            @RequestParam(required = false) String name,
            @Parameter(description = "Header name of the label column; inferred when absent", example = "Species")
            @RequestParam(required = false) String labelColumn) {
        if (file == null) {
            throw ApiException.invalidParameter("file", "The multipart part 'file' is missing: send the CSV as a part"
                    + " named 'file', e.g. curl -F file=@iris.csv").with("field", "file");
        }
        try (InputStream in = file.getInputStream()) {
            return created(catalog.upload(in, name, file.getOriginalFilename(), labelColumn));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Documented with {@link #uploadMultipart} above: one path, one method, two body types. */
    @PostMapping(consumes = {TEXT_CSV, MediaType.TEXT_PLAIN_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    ResponseEntity<DatasetSummary> uploadCsv(
            @Parameter(hidden = true) InputStream body,
            @Parameter(description = "Dataset name; defaults to the file name without extension (multipart) or 'dataset'",
                    example = "iris")
            @RequestParam(required = false) String name,
            @Parameter(description = "Header name of the label column; inferred when absent", example = "Species")
            @RequestParam(required = false) String labelColumn) {
        return created(catalog.upload(body, name, null, labelColumn));
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
    @Operation(summary = "Read one dataset's summary")
    @ApiResponse(responseCode = "200", description = "The summary")
    @ApiResponse(responseCode = "404", description = "No dataset with this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    DatasetSummary get(@Parameter(example = "iris") @PathVariable String id) {
        return catalog.summary(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an uploaded dataset")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No dataset with this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The built-in dataset 'iris' cannot be deleted",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    void delete(@PathVariable String id) {
        catalog.delete(id);
    }

    /** Documents the multipart form for the OpenAPI description; the handler reads the parts directly. */
    @Schema(name = "DatasetUploadForm")
    record UploadForm(@Schema(type = "string", format = "binary", description = "The CSV file",
                              requiredMode = Schema.RequiredMode.REQUIRED) String file,
                      @Schema(description = "Dataset name", example = "iris") String name,
                      @Schema(description = "Label column; inferred when absent", example = "Species") String labelColumn) {
    }

    private ResponseEntity<DatasetSummary> created(Dataset dataset) {
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(dataset.id()).toUri();
        return ResponseEntity.created(location).body(catalog.summary(dataset.id()));
    }
}
