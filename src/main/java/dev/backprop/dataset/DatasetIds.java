package dev.backprop.dataset;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Dataset ids are a slug of the name plus a random suffix, e.g. {@code iris-k3f9qz}: readable in
 * logs and URLs, unique without coordination (36^6 ≈ 2·10^9 suffixes per name), and made only of
 * {@code [a-z0-9-]} so they are safe as file names. The built-in dataset alone has a bare id,
 * {@code iris}.
 */
final class DatasetIds {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 6;
    private static final int MAX_SLUG_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatasetIds() {
    }

    static String newId(String name) {
        StringBuilder id = new StringBuilder(slug(name)).append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG_LENGTH) {
            slug = slug.substring(0, MAX_SLUG_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "dataset" : slug;
    }
}
