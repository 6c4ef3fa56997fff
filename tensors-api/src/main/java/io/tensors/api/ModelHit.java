package io.tensors.api;

import java.util.List;

/**
 * One cached model found by {@link Catalog#search}, best hits first.
 *
 * @param civitaiId the CivitAI model id
 * @param name model name, never null
 * @param type model type (Checkpoint, LORA...)
 * @param creator creator's user name, or null
 * @param latestVersion name of the latest cached version (version index 0), or null
 * @param baseModel base model of that version, or null
 * @param nsfw the model's nsfw flag, or null when CivitAI did not say
 * @param nsfwLevel the model's nsfw level bitmask (1 PG, 2 PG-13, 4 R, 8 X, 16 XXX), or null
 * @param downloadCount downloads, or null
 * @param triggerWords trained words of the latest version in order, each whole (a word may hold commas);
 *     never null
 * @param tags the model's tags joined with ", " in alphabetical order, or null
 * @param score relevance (SQLite FTS5 bm25 negated, so higher is better; a name match weighs more than
 *     a tag, trigger word or creator match, and those more than a description match); 0 for a hit found only as
 *     a substring, or by filters alone
 * @param filesOnDisk how many local files on disk are linked to this model (0: you do not have it)
 */
public record ModelHit(long civitaiId, String name, String type, String creator, String latestVersion,
        String baseModel, Boolean nsfw, Integer nsfwLevel, Long downloadCount, List<String> triggerWords, String tags,
        double score, int filesOnDisk) {
    /** Copies the words. @throws NullPointerException when the words are null */
    public ModelHit {
        triggerWords = List.copyOf(triggerWords);
    }

    /** A hit whose local files were not counted. */
    public ModelHit(long civitaiId, String name, String type, String creator, String latestVersion, String baseModel,
            Boolean nsfw, Integer nsfwLevel, Long downloadCount, List<String> triggerWords, String tags, double score) {
        this(civitaiId, name, type, creator, latestVersion, baseModel, nsfw, nsfwLevel, downloadCount, triggerWords, tags,
                score, 0);
    }
}
