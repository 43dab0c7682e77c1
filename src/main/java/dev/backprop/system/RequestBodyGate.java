package dev.backprop.system;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps clients that send their body slowly (or never finish it) from holding the request threads
 * that everyone else needs. Before, 220 connections that sent part of a {@code /predict} body
 * blocked all 200 Tomcat threads in a read, and normal requests waited more than 30 s.
 *
 * <ul>
 * <li>A body with a declared length up to {@code buffered-max} is read with the servlet's
 * non-blocking I/O: no thread is held while its bytes are on their way. What arrived with the
 * headers is taken at once (most small bodies arrive whole that way and never leave the request
 * thread); the rest is awaited asynchronously for at most {@code read-timeout} (then 408), and the
 * request is dispatched again with the complete body, which the controllers read as before.
 * All bodies being buffered share {@code buffered-total} bytes of memory (beyond it: 503).</li>
 * <li>Larger, chunked and multipart bodies (and those sent with {@code Expect: 100-continue},
 * which Tomcat acknowledges only on a blocking read) stream to the controller on a request thread,
 * as uploads and big prediction batches must; at most {@code streamed-concurrency} of them at once
 * (beyond it: 503 with Retry-After), so that slow senders of large bodies can hold only that many
 * threads, each for at most {@code server.tomcat.connection-timeout} per silent read.</li>
 * </ul>
 * Whenever this filter answers in place of the controller (408, 503, 400), Tomcat is told not to
 * read the rest of the body ({@link BodyDiscardValve}): the connection closes after the answer.
 * Runs after the API key and body-limit filters, so rejected requests are rejected before any of this.
 */
class RequestBodyGate extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyGate.class);
    private static final String BODY = RequestBodyGate.class.getName() + ".body";
    private static final int FIRST_CHUNK = 8 * 1024;
    private static final long RETRY_AFTER_SECONDS = 2;

    private final RequestBodiesProperties settings;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final Semaphore streamed;

    RequestBodyGate(RequestBodiesProperties settings) {
        this.settings = settings;
        this.streamed = new Semaphore(settings.streamedConcurrency());
    }

    /** Bytes held right now by bodies being buffered or handled; for tests and metrics. */
    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Requests streaming their body right now. */
    int streaming() {
        return settings.streamedConcurrency() - streamed.availablePermits();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // the dispatch with the complete body comes back through here
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            if (request.getAttribute(BODY) instanceof Body body) {
                request.removeAttribute(BODY);
                handle(body, request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (length == 0 || (length < 0 && !chunked)) {
            chain.doFilter(request, response);
        } else if (length > 0 && length <= settings.bufferedMax().toBytes() && !readByContainer(request)) {
            buffer(request, response, chain, (int) length);
        } else {
            stream(request, response, chain);
        }
    }

    /**
     * Multipart and form bodies are parsed by Tomcat from its own stream, which a wrapper cannot
     * replace; and {@code Expect: 100-continue} is answered only when a blocking read starts.
     */
    private static boolean readByContainer(HttpServletRequest request) {
        String type = request.getContentType();
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")
                || request.getHeader(HttpHeaders.EXPECT) != null;
    }

    private void stream(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!streamed.tryAcquire()) {
            log.debug("Refused {} {}: {} streamed bodies already being read", request.getMethod(),
                    request.getRequestURI(), settings.streamedConcurrency());
            BodyDiscardValve.discardBody(request);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            ProblemJson.write(response, ProblemJson.problem(ProblemType.SERVICE_UNAVAILABLE, "The server is reading "
                    + settings.streamedConcurrency() + " large, chunked or multipart request bodies already "
                    + "(backprop.request-bodies.streamed-concurrency); retry in " + RETRY_AFTER_SECONDS + " s"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            streamed.release();
        }
    }

    private void buffer(HttpServletRequest request, HttpServletResponse response, FilterChain chain, int length)
            throws ServletException, IOException {
        Body body = new Body(length);
        ServletInputStream in = request.getInputStream();
        try {
            // what came in with the headers needs no waiting: a blocking read of it returns at once
            while (!body.complete() && in.available() > 0) {
                if (body.readFrom(in) < 0) {
                    break;
                }
            }
        } catch (BufferBudgetException e) {
            body.release();
            BodyDiscardValve.discardBody(request);
            busy(response);
            return;
        } catch (IOException e) {
            body.release();
            BodyDiscardValve.discardBody(request);
            log.debug("Request body of {} {} failed while read: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            endedEarly(response);
            return;
        }
        if (body.complete()) {
            handle(body, request, response, chain);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(settings.readTimeout().toMillis());
        Arrival arrival = new Arrival(async, in, body);
        async.addListener(arrival);
        in.setReadListener(arrival);
    }

    private void handle(Body body, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(new BufferedBodyRequest(request, body.data, body.size), response);
        } finally {
            body.release();
        }
    }

    private void busy(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        ProblemJson.write(response, ProblemJson.problem(ProblemType.SERVICE_UNAVAILABLE, "The server holds "
                + settings.bufferedTotal() + " of request bodies being received already "
                + "(backprop.request-bodies.buffered-total); retry in " + RETRY_AFTER_SECONDS + " s"));
    }

    private static void endedEarly(HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) {
            ProblemJson.write(response, ProblemJson.problem(ProblemType.MALFORMED_REQUEST, "The request body ended "
                    + "before its declared Content-Length (the client disconnected or stopped sending)"));
        }
    }

    /** Takes the rest of a body as it arrives, then dispatches the request with all of it. */
    private final class Arrival implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final ServletInputStream in;
        private final Body body;
        /** Exactly one of: dispatched with the body, answered 408, answered 400/503. */
        private final AtomicBoolean settled = new AtomicBoolean();

        Arrival(AsyncContext async, ServletInputStream in, Body body) {
            this.async = async;
            this.in = in;
            this.body = body;
        }

        @Override
        public void onDataAvailable() throws IOException {
            try {
                while (!body.complete() && in.isReady()) {
                    if (body.readFrom(in) < 0) {
                        break;
                    }
                }
            } catch (BufferBudgetException e) {
                answer(this::busyAnswer);
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (!body.complete()) {
                answer(RequestBodyGate::endedEarly);
            } else if (settled.compareAndSet(false, true)) {
                async.getRequest().setAttribute(BODY, body);
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            log.debug("Request body failed while arriving: {}", failure.toString());
            if (failure instanceof SocketTimeoutException) {
                // silent for server.tomcat.connection-timeout, which applies between reads
                timedOut("stopped arriving (nothing for server.tomcat.connection-timeout)");
            } else {
                answer(RequestBodyGate::endedEarly);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            timedOut("did not arrive within " + settings.readTimeout().toSeconds()
                    + " s (backprop.request-bodies.read-timeout)");
        }

        private void timedOut(String how) {
            answer(response -> {
                if (!response.isCommitted()) {
                    ProblemJson.write(response, ProblemJson.problem(ProblemType.REQUEST_TIMEOUT, "The request body ("
                            + body.length + " bytes declared, " + body.size + " received) " + how));
                }
            });
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (!settled.get()) {
                body.release();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the dispatch with the body may start async processing of its own; nothing to track
        }

        private void busyAnswer(HttpServletResponse response) throws IOException {
            if (!response.isCommitted()) {
                busy(response);
            }
        }

        /** Answers in place of the controller (once) and ends the exchange; the connection closes. */
        private void answer(Answer answer) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            body.release();
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            try {
                // the client is slow or gone: no thread waits for the rest of its body
                BodyDiscardValve.discardBody((HttpServletRequest) async.getRequest());
                answer.write(response);
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not answer a request whose body failed: {}", e.toString());
            } finally {
                async.complete();
            }
        }
    }

    @FunctionalInterface
    private interface Answer {
        void write(HttpServletResponse response) throws IOException;
    }

    /** The body being received; its memory is charged to {@code buffered-total} as it grows. */
    private final class Body {

        private final int length;
        private final AtomicBoolean released = new AtomicBoolean();
        private byte[] data = new byte[0];
        private int size;
        private long charged;

        Body(int length) {
            this.length = length;
        }

        boolean complete() {
            return size == length;
        }

        /** @return the bytes read, or -1 at the end of the stream */
        int readFrom(ServletInputStream in) throws IOException {
            if (size == data.length) {
                grow();
            }
            int n = in.read(data, size, data.length - size);
            if (n > 0) {
                size += n;
            }
            return n;
        }

        private void grow() throws BufferBudgetException {
            int capacity = (int) Math.min(length, Math.max(FIRST_CHUNK, 2L * data.length));
            long more = capacity - data.length;
            for (long used = bufferedBytes.get(); ; used = bufferedBytes.get()) {
                if (used + more > settings.bufferedTotal().toBytes()) {
                    throw new BufferBudgetException();
                }
                if (bufferedBytes.compareAndSet(used, used + more)) {
                    break;
                }
            }
            charged += more;
            byte[] grown = new byte[capacity];
            System.arraycopy(data, 0, grown, 0, size);
            data = grown;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                bufferedBytes.addAndGet(-charged);
            }
        }
    }

    /** {@code buffered-total} is spent: this body cannot be taken now. */
    private static final class BufferBudgetException extends IOException {
        BufferBudgetException() {
            super("request body buffer budget spent", null);
        }
    }

    /** The request as the controllers see it: the body comes from memory, complete. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] data;
        private final int size;
        private boolean streamTaken;
        private boolean readerTaken;

        BufferedBodyRequest(HttpServletRequest request, byte[] data, int size) {
            super(request);
            this.data = data;
            this.size = size;
        }

        @Override
        public ServletInputStream getInputStream() {
            if (readerTaken) {
                throw new IllegalStateException("getReader() has already been called for this request");
            }
            streamTaken = true;
            return new BytesInput(new ByteArrayInputStream(data, 0, size));
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (streamTaken) {
                throw new IllegalStateException("getInputStream() has already been called for this request");
            }
            readerTaken = true;
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data, 0, size), charset));
        }
    }

    private static final class BytesInput extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BytesInput(ByteArrayInputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return bytes.available();
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body has been read already; read it with blocking I/O");
        }
    }
}
