package dev.backprop.system;

import java.util.List;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One page of a list answer: {@code items} plus where they sit in the whole list. Pages are
 * numbered from 0; {@code total} counts every item that matched, across all pages.
 */
@Schema(description = "One page of a list: items, page number (from 0), page size and the total count")
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 500;

    /** Checks client-given paging; null means the default. */
    public static Request request(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ApiException.badRequest("page must be >= 0, was " + p).with("field", "page");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiException.badRequest("size must be in [1, " + MAX_SIZE + "], was " + s).with("field", "size");
        }
        return new Request(p, s);
    }

    /** A page request: page number from 0 and page size. */
    public record Request(int page, int size) {

        public long offset() {
            return (long) page * size;
        }

        /** This page of a list already in order. */
        public <T> Page<T> of(List<T> all) {
            int from = (int) Math.min(offset(), all.size());
            int to = Math.min(from + size, all.size());
            return new Page<>(List.copyOf(all.subList(from, to)), page, size, all.size());
        }
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
