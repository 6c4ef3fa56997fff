package io.tensors.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CatalogStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each outcome of fetching a whole model, against a real catalog and sources that answer as told. */
class LinkerTest {
    private static final long MODEL = 900100;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CatalogStore store;
    private ModelIngest ingest;

    @BeforeEach
    void open() {
        store = CatalogStore.open(dir.resolve("models.db"));
        ingest = new ModelIngest(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A source that answers every model fetch the same way. */
    private record Answering(String id, boolean remote, FetchResult answer) implements ModelSource {
        @Override
        public List<LookupResult> lookup(List<FileQuery> files) {
            return files.stream().<LookupResult>map(f -> new LookupResult.NotFound()).toList();
        }

        @Override
        public FetchResult fetchModel(long modelId) {
            return answer;
        }
    }

    private static final ModelSource SIDECAR = new Answering("sidecar", false, new FetchResult.Unsupported());

    private FetchOutcome fetch(ModelSource... sources) {
        return new Linker(store, List.of(sources), CLOCK).fetchAndStore(MODEL);
    }

    @Test
    void theFirstSourceThatCanFetchTheModelStoresIt() throws Exception {
        FetchOutcome outcome = fetch(SIDECAR, new Answering("civitai", true, new FetchResult.Found(modelJson())));

        assertThat(outcome).isEqualTo(new FetchOutcome.Stored());
        assertThat(outcome.problem()).isNull();
        assertThat(query("SELECT name FROM models WHERE civitai_id = " + MODEL)).isEqualTo("Lantern Glow Style");
    }

    @Test
    void aModelCachedBeforeThatTheSourceNoLongerHasIsGoneAndKept() throws Exception {
        ingest.ingestModel("civitai", "models/" + MODEL, modelJson(), CLOCK.instant().minusSeconds(86400));

        FetchOutcome outcome = fetch(SIDECAR, new Answering("civitai", true, new FetchResult.NotFound()));

        assertThat(outcome).isEqualTo(new FetchOutcome.Gone(MODEL, "civitai"));
        assertThat(outcome.problem()).isEqualTo("model 900100: civitai no longer has it; its cached data is kept");
        assertThat(query("SELECT name FROM models WHERE civitai_id = " + MODEL)).isEqualTo("Lantern Glow Style");
        assertThat(query("SELECT gone_since FROM models WHERE civitai_id = " + MODEL)).isEqualTo(CLOCK.instant().toString());
    }

    @Test
    void aModelNeverCachedThatTheSourceDoesNotHaveIsNotFound() throws Exception {
        FetchOutcome outcome = fetch(new Answering("civitai", true, new FetchResult.NotFound()));

        assertThat(outcome).isEqualTo(new FetchOutcome.NotFound(MODEL, "civitai"));
        assertThat(outcome.problem()).isEqualTo("model 900100: not found on civitai (never cached)");
        assertThat(query("SELECT count(*) FROM models WHERE cached_at IS NOT NULL")).isEqualTo("0");
    }

    @Test
    void aSourceFailureFailsWithItsReason() throws Exception {
        FetchOutcome outcome = fetch(new Answering("civitai", true, new FetchResult.Failed("HTTP 500; try again later")));

        assertThat(outcome).isEqualTo(new FetchOutcome.Failed(MODEL, "civitai", "HTTP 500; try again later"));
        assertThat(outcome.problem()).isEqualTo("model 900100: civitai: HTTP 500; try again later");
        assertThat(query("SELECT count(*) FROM models")).isEqualTo("0");
    }

    @Test
    void withNoSourceThatFetchesModelsThereIsNoSource() {
        FetchOutcome outcome = fetch(SIDECAR);

        assertThat(outcome).isEqualTo(new FetchOutcome.NoSource(MODEL));
        assertThat(outcome.problem()).isEqualTo("model 900100: no model source can fetch models");
    }

    private static String modelJson() throws IOException {
        try (InputStream in = LinkerTest.class.getResourceAsStream("/civitai/model_900100.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("models.db"));
                Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
