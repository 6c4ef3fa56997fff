package io.tensors.engine.plugin;

import io.tensors.api.PluginInfo.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which plugin owns which contribution id: ids are case-insensitive and unique per kind, and the
 * first plugin to claim one keeps it, so a later plugin cannot replace a built-in.
 */
final class Claims {
    /** An id of one kind; an alias (a hash's type) is a name of its own, apart from the ids. */
    private record Key(Kind kind, boolean alias, String name) {}

    private final Map<Key, String> owners = new HashMap<>();

    /**
     * Gives {@code id}, and the aliases it is also found by, to {@code plugin}: all of them or none.
     *
     * @param plugin the claiming plugin with its origin, {@code md5 (md5.jar)}
     * @param aliases other names the contribution answers to (a hash's type), which must be free too
     * @return null when claimed, else the refusal line naming both plugins with their origins
     */
    String claim(Kind kind, String id, String plugin, String... aliases) {
        List<Key> keys = new ArrayList<>();
        keys.add(new Key(kind, false, normalize(id)));
        for (String alias : aliases) {
            keys.add(new Key(kind, true, normalize(alias)));
        }
        for (Key key : keys) {
            String owner = owners.get(key);
            if (owner != null) {
                return kind.text() + " '" + id + "' of " + plugin + " refused: already contributed by " + owner;
            }
        }
        keys.forEach(key -> owners.put(key, plugin));
        return null;
    }

    /** @return the id as it is looked up and listed */
    static String normalize(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
