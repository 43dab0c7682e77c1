package dev.backprop;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A client's reading of a Server-Sent Events stream, event by event: each event is
 * {@code "name data"} (the data lines joined), as the tests compare them.
 */
public final class ServerSentEvents implements AutoCloseable {

    private final Stream<String> lines;
    private final Iterator<String> iterator;

    /** @param lines the response body, line by line ({@code BodyHandlers.ofLines()}) */
    public ServerSentEvents(Stream<String> lines) {
        this.lines = lines;
        this.iterator = lines.iterator();
    }

    /** Every event of {@code lines} to the end of the stream, which it closes. */
    public static List<String> readAll(Stream<String> lines) {
        try (ServerSentEvents events = new ServerSentEvents(lines)) {
            return events.rest();
        }
    }

    /** The next event, or null once the stream has ended; waits for it. */
    public String next() {
        String name = null;
        StringBuilder data = new StringBuilder();
        while (iterator.hasNext()) {
            String line = iterator.next();
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else if (line.isEmpty() && name != null) {
                return name + " " + data;
            }
        }
        return null;
    }

    /** The events that are left, to the end of the stream. */
    public List<String> rest() {
        List<String> events = new ArrayList<>();
        for (String event = next(); event != null; event = next()) {
            events.add(event);
        }
        return events;
    }

    @Override
    public void close() {
        lines.close();
    }
}
