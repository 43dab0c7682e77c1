package dev.backprop.system;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How request bodies are read ({@code backprop.request-bodies.*}), so that slow clients cannot take
 * the request threads from everyone else (docs/operations.md, "Errors, limits and timeouts").
 *
 * @param bufferedMax bodies with a declared Content-Length up to this size (JSON predictions, training
 *                    configs, small CSVs) are read without holding a request thread and then handed
 *                    to the controller whole; larger, chunked and multipart bodies are streamed
 * @param bufferedTotal memory all bodies being read that way may hold at once; beyond it a request
 *                      is answered 503 with Retry-After
 * @param readTimeout how long such a body may take to arrive; slower ones are answered 408
 * @param streamedConcurrency requests whose (larger, chunked or multipart) body is read on a request
 *                            thread, at most at once; more are answered 503 with Retry-After, so that
 *                            clients sending such bodies slowly can occupy only this many threads
 */
@ConfigurationProperties("backprop.request-bodies")
@Validated
public record RequestBodiesProperties(
        @DefaultValue("256KB") DataSize bufferedMax,
        @DefaultValue("32MB") DataSize bufferedTotal,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("32") @Positive int streamedConcurrency) {

    public RequestBodiesProperties {
        if (bufferedMax.toBytes() < 1 || bufferedMax.toBytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("backprop.request-bodies.buffered-max must be in [1B, 2GB), was "
                    + bufferedMax);
        }
        if (bufferedTotal.toBytes() < bufferedMax.toBytes()) {
            throw new IllegalArgumentException("backprop.request-bodies.buffered-total (" + bufferedTotal
                    + ") must be at least backprop.request-bodies.buffered-max (" + bufferedMax + ")");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("backprop.request-bodies.read-timeout must be positive, was "
                    + readTimeout);
        }
    }
}
