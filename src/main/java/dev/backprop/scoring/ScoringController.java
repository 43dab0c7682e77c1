package dev.backprop.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import dev.backprop.system.ChunkedBlobs;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.Page;
import dev.backprop.system.ProblemType;
import dev.backprop.training.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/models/{ref}/scorings")
@Tag(name = ApiTags.SCORING)
class ScoringController {

    private static final Logger log = LoggerFactory.getLogger(ScoringController.class);
    private static final String REF = "A model id, a name (its newest version) or name@alias; a scoring is found under "
            + "its model's id or name, whichever version the name points at now";
    static final String TEXT_CSV = "text/csv";
    private static final String ID = "The scoring's id";
    private static final String ID_EXAMPLE = "9b6e9548-28c8-47f6-84c6-b286f51fca72";

    private final ScoringService scorings;
    private final ObjectReader reader;

    ScoringController(ScoringService scorings, JsonMapper mapper) {
        this.scorings = scorings;
        this.reader = mapper.readerFor(Map.class)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitScoring", summary = "Score every row of a stored dataset (asynchronous job)",
            description = "Queues a batch scoring on the training queue (same workers, same queue bound, same progress, "
                    + "cancel and event stream). The model is resolved now and pinned by id. The dataset must hold "
                    + "every column the model reads, with the same type; other columns are copied to the result "
                    + "but not used. When it holds the model's label column, the scoring also reports metrics.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ScoringRequestDoc.class),
            examples = @ExampleObject(name = "iris", value = "{\"datasetId\": \"iris\"}")))
    @ApiResponse(responseCode = "202", description = "Queued; Location points at the scoring")
    @ApiResponse(responseCode = "400", description = "No datasetId, an unknown field, or a dataset that lacks a column "
            + "the model reads (each named in errors; missingColumns lists them)")
    @ApiResponse(responseCode = "404", description = "No such model or dataset")
    @ApiResponse(responseCode = "429", description = "The job queue is full; retry after Retry-After seconds")
    ResponseEntity<ScoringView> submit(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                                       HttpServletRequest http) throws IOException {
        Map<String, Object> body;
        try {
            body = reader.readValue(http.getInputStream());
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("Unreadable scoring request", e, new ServletServerHttpRequest(http));
        }
        if (body == null) {
            throw new HttpMessageNotReadableException("Empty scoring request", new ServletServerHttpRequest(http));
        }
        ScoringView scoring = scorings.submit(ref, datasetId(body));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(scoring.id())
                .toUri();
        return ResponseEntity.accepted().location(location).body(scoring);
    }

    /** The one member a scoring request has; anything else is named back, so that a typo is never ignored. */
    private static String datasetId(Map<String, Object> body) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String field : body.keySet()) {
            if (!field.equals("datasetId")) {
                problems.add(FieldProblem.inBody(field, field + " is not a field of a scoring request; its only "
                        + "field is datasetId"));
            }
        }
        Object datasetId = body.get("datasetId");
        if (datasetId != null && !(datasetId instanceof String)) {
            problems.add(FieldProblem.inBody("datasetId", "datasetId must be a string, was " + datasetId));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(ProblemType.INVALID_REQUEST, problems);
        }
        return (String) datasetId;
    }

    /** The request body, for the OpenAPI document only. */
    @Schema(name = "ScoringRequest", description = "What to score: a stored dataset")
    record ScoringRequestDoc(@Schema(description = "Id of the stored dataset to score", example = "iris",
            requiredMode = Schema.RequiredMode.REQUIRED) String datasetId) {
    }

    @GetMapping
    @Operation(operationId = "listScorings", summary = "A model's scorings, newest first (paginated)",
            description = "By name (or name@alias): the scorings of every version of that name; by id: of that model.")
    @ApiResponse(responseCode = "200", description = "One page of scorings")
    @ApiResponse(responseCode = "400", description = "A bad status, page or size")
    @ApiResponse(responseCode = "404", description = "No such model, and no scorings under that name")
    Page<ScoringView> list(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                           @Parameter(description = "only scorings in this status (any case): queued, running, "
                                   + "succeeded, failed, cancelled", example = "succeeded")
                           @RequestParam(required = false) String status,
                           @Parameter(description = "page number, from 0", example = "0")
                           @RequestParam(required = false) Integer page,
                           @Parameter(description = "page size, 1–" + Page.MAX_SIZE, example = "20")
                           @RequestParam(required = false) Integer size) {
        return scorings.list(ref, JobStatus.filter(status),
                Page.request(page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getScoring", summary = "A scoring with its progress (rows scored), counts and metrics")
    @ApiResponse(responseCode = "200", description = "The scoring")
    @ApiResponse(responseCode = "404", description = "No such scoring under that model")
    ScoringView get(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                    @Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id) {
        return scorings.require(ref, id);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "followScoring", summary = "Follow a scoring as Server-Sent Events",
            description = "Events named 'progress' (the scoring, up to four a second while it runs) and one final "
                    + "'done', after which the stream ends. A late client gets the current state first. Any replica "
                    + "serves any scoring's stream.")
    @ApiResponse(responseCode = "200", description = "An event stream; each event's data is the scoring as JSON",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = ScoringView.class)))
    @ApiResponse(responseCode = "404", description = "No such scoring under that model")
    SseEmitter events(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                      @Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id) {
        return scorings.follow(ref, id);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "cancelScoring", summary = "Cancel a queued or running scoring",
            description = "A running scoring stops at its next chunk, on whichever replica runs it; what it had "
                    + "written is removed.")
    @ApiResponse(responseCode = "202", description = "Cancellation accepted")
    @ApiResponse(responseCode = "404", description = "No such scoring under that model")
    @ApiResponse(responseCode = "409", description = "The scoring has already finished")
    ResponseEntity<ScoringView> cancel(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                                       @Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id) {
        return ResponseEntity.accepted().body(scorings.cancel(ref, id));
    }

    @GetMapping(path = "/{id}/result", produces = TEXT_CSV)
    @Operation(operationId = "getScoringResult", summary = "The scored rows as CSV, streamed from storage",
            description = "The dataset's columns (features, then its label column) as the dataset holds them, then "
                    + "label and probability_<class> per class (a classifier) or value (a regression), then "
                    + "warnings. An output name an input column already uses is prefixed with predicted_. "
                    + "Content-Length is the CSV's length; the bytes are checked against the SHA-256 in the "
                    + "scoring's result as they are sent (a damaged result is cut short, never sent whole).")
    @ApiResponse(responseCode = "200", description = "The CSV", content = @Content(mediaType = TEXT_CSV,
            schema = @Schema(type = "string"), examples = @ExampleObject(name = "iris", value = """
                    Sepal.Length,Sepal.Width,Petal.Length,Petal.Width,Species,label,probability_setosa,\
                    probability_versicolor,probability_virginica,warnings
                    5.1,3.5,1.4,0.2,setosa,setosa,0.9978,0.0021,1.2E-7,
                    """)))
    @ApiResponse(responseCode = "404", description = "No such scoring under that model")
    @ApiResponse(responseCode = "409", description = "The scoring has not SUCCEEDED (yet): no result")
    void result(@Parameter(description = REF, example = "iris") @PathVariable String ref,
                @Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id,
                HttpServletRequest request, HttpServletResponse answer) throws IOException {
        ScoringService.Result result = scorings.result(ref, id);
        // Reads under /api/v1/models get an ETag computed over the whole answer (system's ConditionalGets),
        // which would hold this one in memory: it streams untagged (its SHA-256 is in the scoring), written to
        // the response beneath the caching wrapper, which would otherwise also keep its Content-Length back.
        ShallowEtagHeaderFilter.disableContentCaching(request);
        HttpServletResponse response = beneathContentCaching(answer);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(TEXT_CSV + ";charset=UTF-8");
        response.setContentLengthLong(result.stored().content().bytes());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("scoring-" + result.scoring().id() + ".csv").build().toString());
        try (InputStream in = scorings.open(result)) {
            copyChecked(in, response.getOutputStream());
        } catch (ChunkedBlobs.CorruptValueException e) {
            // the answer is committed: all that is left is to cut it short, so the client sees it incomplete
            log.warn("Result of scoring {} is damaged and was cut short: {}", id, e.getMessage());
            throw e;
        }
    }

    /**
     * The response beneath the ETag filter's caching wrapper, wherever that sits among Spring's
     * wrappers (an async-lifecycle guard wraps it for the handler); {@code answer} itself without one.
     */
    private static HttpServletResponse beneathContentCaching(HttpServletResponse answer) {
        for (ServletResponse r = answer; r instanceof ServletResponseWrapper wrapper; r = wrapper.getResponse()) {
            if (wrapper instanceof ContentCachingResponseWrapper) {
                return (HttpServletResponse) wrapper.getResponse();
            }
        }
        return answer;
    }

    /**
     * Copies {@code in} to {@code out} one buffer behind: a buffer is sent only once the next read
     * succeeded, so that a checksum failure (found when the stream ends) keeps the last buffer back
     * and the client never receives a damaged result at its full Content-Length.
     */
    static void copyChecked(InputStream in, OutputStream out) throws IOException {
        byte[] held = new byte[64 * 1024];
        byte[] next = new byte[64 * 1024];
        int heldLength = in.readNBytes(held, 0, held.length);
        while (heldLength > 0) {
            int nextLength = in.readNBytes(next, 0, next.length);
            out.write(held, 0, heldLength);
            byte[] swap = held;
            held = next;
            next = swap;
            heldLength = nextLength;
        }
        out.flush();
    }
}
