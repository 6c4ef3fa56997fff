package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.engine.store.KnownFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The plan from rows and walk alone: no disk, no catalog. */
class ScanPlanTest {
    static final List<Path> ROOTS = List.of(Path.of("/models"));
    static final Set<String> DEFAULTS = Set.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32");
    static final Predicate<String> NOTHING_ELSE_EXISTS = path -> false;

    static KnownFile row(long id, String path, long size, long mtime, String key) {
        return new KnownFile(id, path, "SHA" + id, size, mtime, key, null, "AutoV1,AutoV2,AutoV3,CRC32,SHA256");
    }

    static FoundFile found(String path, long size, long mtime, String key) {
        return new FoundFile(Path.of(path), path, size, mtime, key);
    }

    static ScanPlan plan(List<KnownFile> known, List<FoundFile> found) {
        return new ScanPlan(known, found, ROOTS, DEFAULTS, NOTHING_ELSE_EXISTS);
    }

    @Test
    void aFileWithTheSizeAndMtimeOfItsRowIsUnchangedAndANewFileIsRead() {
        FoundFile same = found("/models/a.safetensors", 100, 5, "k1");
        FoundFile fresh = found("/models/new.safetensors", 300, 7, "k3");
        ScanPlan plan = plan(List.of(row(1, "/models/a.safetensors", 100, 5, "k1")), List.of(same, fresh));
        assertThat(plan.unchanged()).containsExactly(1L);
        assertThat(plan.toRead()).containsExactly(fresh);
        assertThat(plan.rowAt(fresh.pathString())).isNull();
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.notFound(false)).isEmpty();
    }

    @Test
    void aChangedFileIsReadAgainAgainstItsRow() {
        KnownFile old = row(1, "/models/a.safetensors", 100, 5, "k1");
        FoundFile bigger = found("/models/a.safetensors", 101, 5, "k1");
        ScanPlan plan = plan(List.of(old), List.of(bigger));
        assertThat(plan.toRead()).containsExactly(bigger);
        assertThat(plan.rowAt(bigger.pathString())).isEqualTo(old);
        assertThat(plan.forMoreTypes(bigger.pathString())).isFalse();
        assertThat(plan.unchanged()).isEmpty();
    }

    @Test
    void aFileReadForFewerTypesThanThisScanComputesIsReadAgainForMoreTypes() {
        KnownFile shaOnly = new KnownFile(1, "/models/a.safetensors", "S", 100, 5, "k1", null, "SHA256");
        KnownFile unrecorded = new KnownFile(2, "/models/b.safetensors", "T", 200, 5, "k2", null, null);
        FoundFile a = found("/models/a.safetensors", 100, 5, "k1");
        FoundFile b = found("/models/b.safetensors", 200, 5, "k2");

        ScanPlan defaults = plan(List.of(shaOnly, unrecorded), List.of(a, b));
        assertThat(defaults.toRead()).containsExactly(a);
        assertThat(defaults.forMoreTypes(a.pathString())).isTrue();
        assertThat(defaults.unchanged()).as("no recorded types: the default set").containsExactly(2L);

        ScanPlan withBlake = new ScanPlan(List.of(shaOnly, unrecorded), List.of(a, b), ROOTS, Set.of("SHA256", "BLAKE3"),
                NOTHING_ELSE_EXISTS);
        assertThat(withBlake.toRead()).containsExactly(a, b);
        assertThat(withBlake.unchanged()).isEmpty();
    }

    @Test
    void aFileAtANewPathWithTheStatOfAVanishedRowTakesItWithoutARead() {
        KnownFile gone = row(1, "/models/old/a.safetensors", 100, 5, "k1");
        FoundFile moved = found("/models/new/a.safetensors", 100, 5, "k1");
        FoundFile twin = found("/models/new/twin.safetensors", 100, 5, "k1");
        ScanPlan plan = plan(List.of(gone), List.of(moved, twin));
        assertThat(plan.moves()).containsExactly(new ScanPlan.Move(1, moved));
        assertThat(plan.movedIds()).containsExactly(1L);
        assertThat(plan.toRead()).as("a row is taken once").containsExactly(twin);
        assertThat(plan.notFound(false)).isEmpty();
    }

    @Test
    void aRowWhoseFileIsGoneIsOfferedByContentOnlyUnderTheRoots() {
        KnownFile inside = new KnownFile(1, "/models/a.safetensors", "S1", 100, 5, null, null, null);
        KnownFile outside = new KnownFile(2, "/mnt/usb/b.safetensors", "S2", 100, 5, "k2", null, null);
        FoundFile elsewhere = found("/models/b.safetensors", 100, 5, "k9");
        ScanPlan plan = plan(List.of(inside, outside), List.of(elsewhere));
        assertThat(plan.vanishedBySha()).containsOnlyKeys("S1");
        assertThat(plan.vanishedBySha().get("S1")).containsExactly(inside);
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.toRead()).containsExactly(elsewhere);
        assertThat(plan.notFound(false)).as("a row outside the roots is left alone").containsExactly(inside);
    }

    @Test
    void aRowWhoseFileStillExistsIsNeitherMovedNorOffered() {
        KnownFile there = row(1, "/models/unreadable.safetensors", 100, 5, "k1");
        FoundFile sameStat = found("/models/copy.safetensors", 100, 5, "k1");
        ScanPlan plan = new ScanPlan(List.of(there), List.of(sameStat), ROOTS, DEFAULTS, there.filePath()::equals);
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.vanishedBySha()).isEmpty();
        assertThat(plan.toRead()).containsExactly(sameStat);
    }

    @Test
    void rowsAlreadyMissingAreNamedAgainOnlyWhenPruning() {
        KnownFile missing = new KnownFile(1, "/models/a.safetensors", "S1", 100, 5, "k1", "2026-01-01T00:00:00Z", null);
        KnownFile vanished = row(2, "/models/b.safetensors", 200, 5, "k2");
        ScanPlan plan = plan(List.of(missing, vanished), List.of());
        assertThat(plan.notFound(false)).containsExactly(vanished);
        assertThat(plan.notFound(true)).containsExactly(missing, vanished);
    }
}
