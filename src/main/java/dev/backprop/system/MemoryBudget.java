package dev.backprop.system;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Heap that requests may take for their working data (prediction instances, uploads being
 * parsed), shared by all of them: what does not fit is refused before it is allocated — 413 when
 * one request alone is more than the whole budget, 503 with Retry-After while others hold it — so
 * that a legal request never ends in an OutOfMemoryError. The budget is
 * {@code backprop.limits.request-memory} (default: half the maximum heap).
 */
@Component
public class MemoryBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    @Autowired
    public MemoryBudget(LimitsProperties limits) {
        this(limits.requestMemory() != null ? limits.requestMemory().toBytes() : Runtime.getRuntime().maxMemory() / 2);
    }

    MemoryBudget(long capacity) {
        this.capacity = capacity;
    }

    public long capacity() {
        return capacity;
    }

    public long used() {
        return used.get();
    }

    /** Held memory, returned on close; it may grow as the request's data does. */
    public final class Reservation implements AutoCloseable {
        private final String what;
        private long held;

        private Reservation(String what) {
            this.what = what;
        }

        /** Makes the reservation at least {@code bytes}. */
        public void growTo(long bytes) {
            if (bytes <= held) {
                return;
            }
            long more = bytes - held;
            if (bytes > capacity) {
                throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, what + " needs about " + mb(bytes)
                        + " of memory, more than the " + mb(capacity) + " all requests may hold together "
                        + "(backprop.limits.request-memory); send less at once");
            }
            while (true) {
                long now = used.get();
                if (now + more > capacity) {
                    throw new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, what + " needs about "
                            + mb(bytes) + " of memory and other requests hold " + mb(now) + " of the "
                            + mb(capacity) + " they may use together (backprop.limits.request-memory); retry shortly", 2);
                }
                if (used.compareAndSet(now, now + more)) {
                    held = bytes;
                    return;
                }
            }
        }

        /**
         * {@code in}, holding {@code bytesPerByte} of this reservation for every byte read: for a
         * reader that keeps what it reads (a JSON tree), whatever the body's declared length.
         */
        public InputStream metered(InputStream in, int bytesPerByte) {
            return new FilterInputStream(in) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    long needed = read * bytesPerByte;
                    if (needed > held) {
                        // a megabyte of body ahead, not a compare-and-set per read
                        long ahead = needed + (1L << 20) * bytesPerByte;
                        growTo(ahead <= capacity - used.get() + held ? ahead : needed);
                    }
                }
            };
        }

        @Override
        public void close() {
            used.addAndGet(-held);
            held = 0;
        }
    }

    /** An empty reservation for {@code what} ("this prediction request"), to grow as its data arrives. */
    public Reservation reserve(String what) {
        return new Reservation(what);
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
