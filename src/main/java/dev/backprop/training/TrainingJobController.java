package dev.backprop.training;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.backprop.system.Page;

import dev.backprop.system.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = ApiTags.TRAINING)
class TrainingJobController {

    private final TrainingService training;
    /** Reads the body as plain JSON values; the engine's vocabulary judges them (unknown names included). */
    private final ObjectReader reader;

    TrainingJobController(TrainingService training, JsonMapper mapper) {
        this.training = training;
        this.reader = mapper.readerFor(Map.class)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitTrainingJob", summary = "Start a training job", description = "Only datasetId is required; the job shows the "
            + "config as resolved, with every default filled in.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = TrainingApiDocs.REQUEST_SCHEMA),
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
        Map<String, Object> body;
        try {
            body = reader.readValue(http.getInputStream());
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("Unreadable training request", e, new ServletServerHttpRequest(http));
        }
        if (body == null) {
            throw new HttpMessageNotReadableException("Empty training request", new ServletServerHttpRequest(http));
        }
        TrainingRequest request = TrainingRequest.of(body);
        JobView job = training.submit(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(job);
    }

    @GetMapping
    @Operation(operationId = "listTrainingJobs", summary = "List jobs, newest first (paginated)")
    Page<JobView> list(@Parameter(description = "only jobs in this status (any case): queued, running, succeeded, "
                               + "failed, cancelled", example = "running") @RequestParam(required = false) String status,
                       @Parameter(description = "page number, from 0", example = "0")
                       @RequestParam(required = false) Integer page,
                       @Parameter(description = "page size, 1–" + Page.MAX_SIZE, example = "20")
                       @RequestParam(required = false) Integer size) {
        return training.list(JobStatus.filter(status), Page.request(page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getTrainingJob", summary = "A job with its live progress")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    JobView get(@Parameter(description = "The job's id", example = "0d9c5a7e-8b1f-4c35-9f3e-2b6a1c7d4e10") @PathVariable String id) {
        return training.require(id);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "followTrainingJob", summary = "Follow a job as Server-Sent Events",
            description = "Events named 'progress' (the job, up to four a second while it runs, at least two when it "
                    + "runs longer than a second) and one final 'done' (the finished job), after which the stream "
                    + "ends. A late client gets the current state first. Any replica serves any job's stream.")
    @ApiResponse(responseCode = "200", description = "An event stream; each event's data is the job as JSON",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", description = "No job with that id")
    SseEmitter events(@Parameter(description = "The job's id", example = "0d9c5a7e-8b1f-4c35-9f3e-2b6a1c7d4e10") @PathVariable String id) {
        return training.follow(id);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "cancelTrainingJob", summary = "Cancel a queued or running job",
            description = "A running job stops at its next batch, on whichever replica runs it.")
    @ApiResponse(responseCode = "202", description = "Cancellation accepted")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    @ApiResponse(responseCode = "409", description = "The job has already finished")
    ResponseEntity<JobView> cancel(@Parameter(description = "The job's id", example = "0d9c5a7e-8b1f-4c35-9f3e-2b6a1c7d4e10") @PathVariable String id) {
        return ResponseEntity.accepted().body(training.cancel(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelTrainingJobByPost", summary = "Cancel a queued or running job (same as DELETE)")
    @ApiResponse(responseCode = "202", description = "Cancellation accepted")
    @ApiResponse(responseCode = "404", description = "No job with that id")
    @ApiResponse(responseCode = "409", description = "The job has already finished")
    ResponseEntity<JobView> cancelByPost(@Parameter(description = "The job's id", example = "0d9c5a7e-8b1f-4c35-9f3e-2b6a1c7d4e10")
                                         @PathVariable String id) {
        return cancel(id);
    }
}
