package dev.backprop.dataset;

import java.util.Arrays;

/**
 * The distinct texts of one column while it is read, numbered in order of first appearance.
 * Looked up straight from the CSV reader's buffer, so reading a cell allocates nothing: the texts
 * live in one character pool, found through an open-addressing hash table. At most
 * {@link CompactColumns#SHORT_CODES} entries.
 */
final class TextDictionary {

    private char[] pool = new char[256];
    private int poolUsed;
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private int[] hashes = new int[16];
    private int size;
    /** entry + 1 per slot, 0 = free; length a power of two, at most half full. */
    private int[] slots = new int[32];

    int size() {
        return size;
    }

    /** The entry holding {@code chars[offset, offset + length)}, or -1. */
    int find(char[] chars, int offset, int length) {
        int hash = hash(chars, offset, length);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return -1;
            }
            if (hashes[entry] == hash && equal(entry, chars, offset, length)) {
                return entry;
            }
        }
    }

    /** Adds a text that {@link #find} did not find; returns its entry. */
    int add(char[] chars, int offset, int length) {
        if (size == CompactColumns.SHORT_CODES) {
            throw new IllegalStateException("a dictionary holds at most " + CompactColumns.SHORT_CODES + " texts");
        }
        if (size == starts.length) {
            int grown = size * 2;
            starts = Arrays.copyOf(starts, grown);
            lengths = Arrays.copyOf(lengths, grown);
            hashes = Arrays.copyOf(hashes, grown);
        }
        if (poolUsed + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(poolUsed + length, pool.length * 2));
        }
        System.arraycopy(chars, offset, pool, poolUsed, length);
        int entry = size++;
        starts[entry] = poolUsed;
        lengths[entry] = length;
        hashes[entry] = hash(chars, offset, length);
        poolUsed += length;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            place(entry);
        }
        return entry;
    }

    String text(int entry) {
        return new String(pool, starts[entry], lengths[entry]);
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int entry = 0; entry < size; entry++) {
            place(entry);
        }
    }

    private void place(int entry) {
        int mask = slots.length - 1;
        int slot = hashes[entry] & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry + 1;
    }

    private boolean equal(int entry, char[] chars, int offset, int length) {
        if (lengths[entry] != length) {
            return false;
        }
        // cells are short: a plain loop beats the set-up of a vectorised comparison
        int start = starts[entry];
        for (int i = 0; i < length; i++) {
            if (pool[start + i] != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] chars, int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + chars[i];
        }
        // spread the bits, as HashMap does, so that short numeric texts do not cluster in low slots
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
