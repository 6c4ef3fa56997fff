package io.tensors.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One model as {@link Catalog#modelPage} shows it: what CivitAI says, and which files are on disk.
 *
 * @param civitaiId the CivitAI model id
 * @param name its name, never null
 * @param type its type (LORA, Checkpoint...), or null
 * @param creator the creator's user name, or null
 * @param description the description as plain text (CivitAI's HTML removed), or null
 * @param pageUrl the model's page on CivitAI, never null
 * @param tags its tags, never null
 * @param versions its versions, newest first, never null
 * @param fetchedAt when the cached answer was fetched (ISO-8601), or null
 */
public record ModelPage(long civitaiId, String name, String type, String creator, String description, String pageUrl,
        List<String> tags, List<Version> versions, String fetchedAt) {
    /** Copies the lists. */
    public ModelPage {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
        versions = List.copyOf(versions);
    }

    /**
     * @param publishedAt when it was published (else created), as CivitAI wrote it, or null
     * @param triggerWords its trained words in order, never null
     */
    public record Version(long id, String name, String baseModel, String publishedAt, List<String> triggerWords,
            String pageUrl, List<File> files) {
        /** Copies the lists. */
        public Version {
            triggerWords = List.copyOf(triggerWords);
            files = List.copyOf(files);
        }
    }

    /**
     * @param id CivitAI's file id, or null
     * @param sizeBytes the size CivitAI gives (from KiB, approximate), or null
     * @param format SafeTensor, PickleTensor, GGUF..., or null
     * @param fp fp16, bf16..., or null
     * @param hashes CivitAI's hashes by type, never null
     * @param onDisk the cataloged paths on disk with this file's SHA256, never null
     */
    public record File(Long id, String name, Long sizeBytes, String format, String fp, boolean primary,
            Map<String, String> hashes, List<String> onDisk) {
        /** Copies the collections. */
        public File {
            hashes = Map.copyOf(hashes);
            onDisk = List.copyOf(onDisk);
        }
    }
}
