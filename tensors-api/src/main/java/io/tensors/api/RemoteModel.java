package io.tensors.api;

/**
 * One model a {@link RemoteSearch} found (it is cached too, so {@code db search} finds it offline).
 *
 * @param civitaiId the CivitAI model id
 * @param name its name, never null
 * @param type its type (LORA, Checkpoint...), or null
 * @param baseModel the latest version's base model, or null
 * @param downloadCount downloads, or null
 * @param thumbsUp thumbs-up count, or null
 * @param rating CivitAI's rating (0 to 5; 0 when nobody rated), or null
 * @param latestVersion the latest version's name, or null
 * @param latestVersionId the latest version's id, or null
 * @param onDisk whether a file of this model is in the catalog and on disk
 */
public record RemoteModel(long civitaiId, String name, String type, String baseModel, Long downloadCount, Long thumbsUp,
        Double rating, String latestVersion, Long latestVersionId, boolean onDisk) {}
