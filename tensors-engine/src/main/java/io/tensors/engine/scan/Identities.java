package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.Identity;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorsException;
import io.tensors.engine.format.Formats;
import io.tensors.engine.identity.Identifier;
import io.tensors.engine.identity.Kinds;
import io.tensors.engine.identity.TensorDigest;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.IdentitySubject;
import io.tensors.engine.store.MetadataRow;
import io.tensors.engine.store.StoredIdentity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scan's side of identities: a read file's identity for its row, and the files identified again without being
 * read (a changed rule set, a moved file: from the stored metadata and digest) or, for rows from before identities,
 * from their header alone.
 */
final class Identities {
    /** Metadata keys whose values the substring search of local files covers (with the path and display name). */
    private static final List<String> SEARCHED_KEYS = List.of("modelspec.title", "modelspec.trigger_phrase",
            "modelspec.description", "modelspec.author", "ss_output_name", "general.name", "general.basename");
    /** How many caption tags of ss_tag_frequency the search covers, most frequent first. */
    private static final int SEARCHED_TAGS = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Identifier identifier;
    private final Formats formats;

    Identities(Identifier identifier, Formats formats) {
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.formats = Objects.requireNonNull(formats, "formats");
    }

    /** @return the identity of a file just read, with its digest to store; its id is set when written */
    StoredIdentity of(String path, String format, Map<String, String> metadata, TensorDigest digest) {
        return stored(identifier, 0, path, format, metadata, digest, digest.encode());
    }

    private static StoredIdentity stored(Identifier identifier, long id, String path, String format,
            Map<String, String> metadata, TensorDigest digest, byte[] encoded) {
        Identity identity = identifier.identify(format, metadata, digest, Path.of(path).getFileName().toString());
        Identity.Sources s = identity.sources();
        return new StoredIdentity(id, identity.kind(), Kinds.group(identity.kind()), text(s.kind()), identity.architecture(),
                text(s.architecture()), identity.displayName(), text(s.displayName()),
                identity.triggerWords().isEmpty() ? null : JSON.writeValueAsString(identity.triggerWords()),
                text(s.triggerWords()), identifier.rules().fingerprint(), encoded, searchText(path, identity, metadata));
    }

    static StoredIdentity withId(StoredIdentity i, long id) {
        return new StoredIdentity(id, i.kind(), i.kindGroup(), i.kindSource(), i.architecture(), i.architectureSource(),
                i.displayName(), i.displayNameSource(), i.triggerWords(), i.triggerWordsSource(), i.rules(), i.tensorDigest(),
                i.searchText());
    }

    private static String text(Identity.Source s) {
        return s == null ? null : s.text();
    }

    /** The path, the display name, the searched metadata values and the top caption tags, one per line. */
    static String searchText(String path, Identity identity, Map<String, String> metadata) {
        StringJoiner text = new StringJoiner("\n");
        text.add(path).add(identity.displayName());
        for (String key : SEARCHED_KEYS) {
            String v = metadata.get(key);
            if (v != null && !v.isBlank()) {
                text.add(v.length() > 2000 ? v.substring(0, 2000) : v);
            }
        }
        identity.triggerWords().forEach(text::add);
        for (String tag : io.tensors.engine.identity.Identifier.frequentTags(metadata.get("ss_tag_frequency"), SEARCHED_TAGS)) {
            text.add(tag);
        }
        return text.toString();
    }

    /**
     * Identifies again, without hashing, the files whose stored identity is missing or was made by other rules, and
     * {@code moved} (whose file name changed).
     */
    void refresh(CatalogStore store, Collection<Long> moved) {
        String rules = identifier.rules().fingerprint();
        Map<Long, IdentitySubject> subjects = new LinkedHashMap<>();
        for (IdentitySubject s : store.read(m -> m.identities().stale(rules, List.of()))) {
            subjects.put(s.id(), s);
        }
        for (List<Long> chunk : Chunks.ofIds(List.copyOf(moved))) {
            for (IdentitySubject s : store.read(m -> m.identities().stale(rules, chunk))) {
                subjects.put(s.id(), s);
            }
        }
        List<IdentitySubject> all = List.copyOf(subjects.values());
        for (int from = 0; from < all.size(); from += 500) {
            List<IdentitySubject> batch = all.subList(from, Math.min(all.size(), from + 500));
            List<Long> ids = batch.stream().map(IdentitySubject::id).toList();
            Map<Long, Map<String, String>> metadata = new HashMap<>();
            for (List<Long> chunk : Chunks.ofIds(ids)) {
                for (MetadataRow row : store.read(m -> m.identities().metadata(chunk))) {
                    metadata.computeIfAbsent(row.localFileId(), k -> new LinkedHashMap<>()).put(row.key(), row.value());
                }
            }
            List<StoredIdentity> made = new ArrayList<>();
            for (IdentitySubject s : batch) {
                byte[] encoded = s.tensorDigest() != null ? s.tensorDigest() : digestFromHeader(s);
                if (encoded == null) {
                    continue; // gone from disk: identified once it is back
                }
                made.add(stored(identifier, s.id(), s.filePath(), s.format(), metadata.getOrDefault(s.id(), Map.of()),
                        TensorDigest.decode(encoded), s.tensorDigest() != null ? null : encoded));
            }
            store.write(m -> {
                made.forEach(m.identities()::write);
                return null;
            });
        }
    }

    /** A row from before identities: its header, read once; empty when it is not valid, null when the file is gone. */
    private byte[] digestFromHeader(IdentitySubject s) {
        if (!java.nio.file.Files.isRegularFile(Path.of(s.filePath()))) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(Path.of(s.filePath()), StandardOpenOption.READ)) {
            ModelHeader header = formats.read(channel, channel.size(), Path.of(s.filePath()).getFileName().toString());
            return TensorDigest.of(header.tensors()).encode();
        } catch (IOException | TensorsException | java.nio.file.InvalidPathException e) {
            if (e instanceof TensorsException t && t.code() != ErrorCode.BAD_INPUT) {
                throw t;
            }
            return new byte[0];
        }
    }
}
