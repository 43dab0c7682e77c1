package dev.backprop.system;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;


/**
 * Caps every non-multipart request body (JSON, CSV) at {@code backprop.limits.upload-bytes}:
 * a declared Content-Length above it is answered 413 at once; a chunked body is counted as it is
 * read and fails with {@link BodyTooLargeException} at the limit. Multipart uploads are capped by
 * Spring's own multipart limits, which the same property sets.
 *
 * <p>The refused body is then read and dropped without a request thread, for at most
 * {@code discardTimeout}: the client gets to read the 413 (a connection closed on a client still
 * sending is reset, and the answer lost with it), yet a client sending slowly cannot hold a thread
 * the way Tomcat's own swallowing of the rest ({@code server.tomcat.max-swallow-size: -1}) would.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

    private final long limit;
    private final Duration discardTimeout;

    RequestBodyLimitFilter(long limit, Duration discardTimeout) {
        this.limit = limit;
        this.discardTimeout = discardTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            ProblemJson.writeAndFlush(response, ProblemJson.problem(ProblemType.PAYLOAD_TOO_LARGE,
                    BodyTooLargeException.message(limit)));
            discard(request, request.getContentLengthLong());
            return;
        }
        chain.doFilter(request.getContentLengthLong() >= 0 ? request : new Capped(request, limit), response);
    }

    /** Drops what has arrived at once, then the rest as it arrives, without a thread. */
    private void discard(HttpServletRequest request, long declared) throws IOException {
        ServletInputStream in = request.getInputStream();
        byte[] scratch = new byte[8192];
        long remaining = declared;
        try {
            while (remaining > 0 && in.available() > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
                if (n < 0) {
                    return;
                }
                remaining -= n;
            }
        } catch (IOException e) {
            // the client is gone: nothing to drain, nothing to keep open
            log.debug("A refused body could not be read: {}", e.toString());
            BodyDiscardValve.discardBody(request);
            return;
        }
        if (remaining == 0) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(discardTimeout.toMillis());
        Discarding discarding = new Discarding(async, in, scratch);
        async.addListener(discarding);
        in.setReadListener(discarding);
    }

    private static final class Discarding implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final byte[] scratch;
        private final AtomicBoolean done = new AtomicBoolean();

        Discarding(AsyncContext async, ServletInputStream in, byte[] scratch) {
            this.async = async;
            this.in = in;
            this.scratch = scratch;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                if (in.read(scratch) < 0) {
                    break;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            finish(false);
        }

        @Override
        public void onError(Throwable failure) {
            log.debug("A refused body ended with {}", failure.toString());
            finish(true);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish(true);
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // the answer went out before the body was dropped
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing else runs on this request
        }

        /** @param cut the client is slow or gone: close instead of reading on */
        private void finish(boolean cut) {
            if (done.compareAndSet(false, true)) {
                if (cut) {
                    BodyDiscardValve.discardBody((HttpServletRequest) async.getRequest());
                }
                async.complete();
            }
        }
    }

    /** The request seen through a stream that stops at the limit. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
