package io.tensors.engine.store;

/**
 * What one model (or one standalone version) left in the catalog.
 *
 * @param civitaiModelId the model's CivitAI id
 * @param name the model's name as cached
 * @param versions versions written
 * @param files files written, over those versions
 * @param images example images written, over those versions
 */
public record IngestResult(long civitaiModelId, String name, int versions, int files, int images) {}
