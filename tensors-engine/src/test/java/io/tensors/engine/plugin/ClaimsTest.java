package io.tensors.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.PluginInfo.Kind;
import org.junit.jupiter.api.Test;

/** Contribution ids: the first plugin to claim one keeps it, per kind, case-insensitively. */
class ClaimsTest {
    final Claims claims = new Claims();

    @Test
    void aClashNamesBothPluginsWithTheirOrigins() {
        assertThat(claims.claim(Kind.EXPORTER, "csv", "builtin (tensors-plugins.jar)")).isNull();

        assertThat(claims.claim(Kind.EXPORTER, "CSV", "other (other.jar)"))
                .isEqualTo("exporter 'CSV' of other (other.jar) refused: already contributed by builtin (tensors-plugins.jar)");
        // another kind has ids of its own
        assertThat(claims.claim(Kind.SOURCE, "csv", "other (other.jar)")).isNull();
    }

    @Test
    void anAliasMustBeFreeTooAndIsTakenOnlyWithTheId() {
        assertThat(claims.claim(Kind.HASH, "sha256", "a (a.jar)", "SHA256")).isNull();

        assertThat(claims.claim(Kind.HASH, "other", "b (b.jar)", "sha256")).isEqualTo(
                "hash 'other' of b (b.jar) refused: already contributed by a (a.jar)");
        // refused, it took nothing: its id is still free
        assertThat(claims.claim(Kind.HASH, "other", "c (c.jar)", "OTHER")).isNull();
        // aliases and ids are names apart
        assertThat(claims.claim(Kind.HASH, "autov2", "d (d.jar)", "other-type")).isNull();
        assertThat(claims.claim(Kind.HASH, "other-type", "e (e.jar)", "e-type")).isNull();
    }
}
