package dev.backprop.training;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.backprop.system.ApiException;
import dev.backprop.system.ApiTags;
import dev.backprop.system.FieldProblem;
import dev.backprop.system.FieldProblemCollector;
import dev.backprop.system.JsonErrors;
import dev.backprop.system.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = ApiTags.TRAINING)
class TrainingJobController {

    private final TrainingService training;
    private final JobEvents events;
    /** Rejects unknown fields, so that a typo never silently trains with a default. */
    private final ObjectReader strictReader;

    TrainingJobController(TrainingService training, JobEvents events, JsonMapper mapper) {
        this.training = training;
        this.events = events;
        this.strictReader = mapper.readerFor(TrainingRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a training job", description = "Only datasetId is required; the job shows the "
            + "config as resolved, with every default filled in.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TrainingRequest.class),
            examples = {
            @ExampleObject(name = "modern defaults", value = "{\"datasetId\": \"iris\"}"),
            @ExampleObject(name = "tuned", value = "{\"datasetId\": \"iris\", \"modelName\": \"iris-tanh\", "
                    + "\"hiddenLayers\": [16], \"activation\": \"tanh\", \"epochs\": 300, \"seed\": 7}"),
            @ExampleObject(name = "case study", value = "{\"datasetId\": \"iris\", \"modelName\": \"iris-case-study\", "
                    + "\"preset\": \"seed-case-study\", \"seed\": 1}")}))
    @ApiResponse(responseCode = "202", description = "Queued; Location points at the job")
    @ApiResponse(responseCode = "400", description = "Invalid config: the detail names every bad field")
    @ApiResponse(responseCode = "404", description = "No dataset with that id")
    @ApiResponse(responseCode = "429", description = "The queue is full; retry after Retry-After seconds")
    ResponseEntity<JobView> submit(HttpServletRequest http) throws IOException {
        // unknown fields and values of the wrong type are noted, not fatal: one 400 names them all
        FieldProblemCollector collector = new FieldProblemCollector();
        TrainingRequest request;
        try {
            request = strictReader.withHandler(collector).readValue(http.getInputStream());
        } catch (DatabindException e) {
            FieldProblem problem = JsonErrors.problem(e);
            if (problem.field() == null && collector.problems().isEmpty()) {
                throw new HttpMessageNotReadableException("Unreadable training request", e, new ServletServerHttpRequest(http));
            }
            List<FieldProblem> problems = new ArrayList<>(collector.problems());
            problems.add(problem);
            throw ApiException.invalid(ProblemType.INVALID_CONFIG, problems);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("Unreadable training request", e, new ServletServerHttpRequest(http));
        }
        if (request == null) {
            throw new HttpMessageNotReadableException("Empty training request", new ServletServerHttpRequest(http));
        }
        JobView job = training.submit(request, collector.problems());
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-jobs/" + job.id())).body(job);
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first")
    List<JobView> list(@Parameter(description = "only jobs in this status") @RequestParam(required = false)
                       JobStatus status) {
        return training.list(status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job with its live progress")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    JobView get(@PathVariable String id) {
        return training.require(id).view();
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a job as Server-Sent Events",
            description = "Events named 'progress' (the job, a few per second while it runs) and one final "
                    + "'done' (the finished job), after which the stream ends. A late client gets the current "
                    + "state first.")
    @ApiResponse(responseCode = "200", description = "An event stream; each event's data is the job as JSON",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", description = "No job with that id")
    SseEmitter events(@PathVariable String id) {
        return events.subscribe(training.require(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a queued or running job", description = "A running job stops at its next batch.")
    @ApiResponse(responseCode = "202", description = "Cancellation accepted")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    @ApiResponse(responseCode = "409", description = "The job has already finished")
    ResponseEntity<JobView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(training.cancel(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running job (same as DELETE)")
    @ApiResponse(responseCode = "202", description = "Cancellation accepted")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    @ApiResponse(responseCode = "409", description = "The job has already finished")
    ResponseEntity<JobView> cancelByPost(@PathVariable String id) {
        return cancel(id);
    }
}
