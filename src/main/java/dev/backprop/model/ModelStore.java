package dev.backprop.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where models, their metadata and their aliases live: one database shared by every replica.
 * Each change bumps a stamp that replicas poll ({@link #stamp()}) to refresh the models they
 * serve from memory. Versions are numbered per name in the same transaction as the insert, so a
 * failed save never consumes a number, and a deleted version's number is never reused.
 */
interface ModelStore {

    /** Numbers the model (next version of its name) and stores it; returns the version. */
    int insert(String id, String name, Instant createdAt, VersionedDocument document);

    /** Writes the model's document, given the version the store chose. */
    @FunctionalInterface
    interface VersionedDocument {
        ModelDocument forVersion(int version);
    }

    /** Stores a model under the version it already has (an import of an earlier version's file). */
    void insertExact(String id, String name, int version, Instant createdAt, ModelDocument document);

    /** The light part of every model, for a refresh: id, name, version and metadata. */
    List<Row> rows();

    record Row(String id, String name, int version, Instant createdAt, String description, Map<String, String> tags) {
    }

    /** The document of one model, checked against its checksum. */
    Optional<ModelDocument> document(String id);

    /** Deletes a model and every alias that pointed to it. @return whether it existed */
    boolean delete(String id);

    /** @return false when the model does not exist */
    boolean updateMetadata(String id, String description, Map<String, String> tags);

    /** name → alias → version. */
    Map<String, Map<String, Integer>> aliases();

    /** Sets or moves an alias; the version must exist (checked by the caller). */
    void putAlias(String name, String alias, int version);

    /** @return whether the alias existed */
    boolean deleteAlias(String name, String alias);

    /** Grows with every change above; equal stamps mean nothing changed. */
    long stamp();
}
