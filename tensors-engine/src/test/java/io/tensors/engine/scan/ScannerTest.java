package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tensors.api.ErrorCode;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path dir;

    Path models;
    Path db;
    DefaultCatalog catalog;
    final List<ScanFailure> skipped = new CopyOnWriteArrayList<>();
    final ScanListener listener = new ScanListener() {
        @Override
        public void skipped(ScanFailure s) {
            skipped.add(s);
        }
    };

    @BeforeEach
    void open() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog/models.db");
        catalog = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString()), db), PluginRegistry.load(getClass().getClassLoader()));
    }

    @AfterEach
    void close() {
        catalog.close();
        FileMutatingPlugin.target = null;
        FileMutatingPlugin.explodeOn = null;
    }

    ScanSummary scan(String... options) {
        List<String> hashes = new ArrayList<>();
        boolean prune = false;
        for (String o : options) {
            if (o.equals("--prune")) {
                prune = true;
            } else {
                hashes.add(o);
            }
        }
        return catalog.scan(new ScanRequest(List.of(models), hashes, prune, 2), listener);
    }

    Path model(String relative, long size, long seed) throws Exception {
        Path file = models.resolve(relative);
        Files.createDirectories(file.getParent());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("ss_output_name", relative);
        meta.put("ss_network_dim", "16");
        return SafetensorsWriter.writeSized(file, size, meta, seed);
    }

    @Test
    void catalogsNewFilesWithTheDefaultHashesMetadataAndHeaderFacts() throws Exception {
        Path a = model("loras/a.safetensors", 3 << 20, 1);
        Path b = model("deep/er/b.safetensors", 100_000, 2);
        ScanSummary summary = scan();
        assertThat(summary.seen()).isEqualTo(2);
        assertThat(summary.added()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
        assertThat(summary.bytesHashed()).isEqualTo(Files.size(a) + Files.size(b));

        assertThat(hashes(a)).containsOnlyKeys("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32")
                .containsEntry("SHA256", sha256(Files.readAllBytes(a)))
                .containsEntry("AutoV2", sha256(Files.readAllBytes(a)).substring(0, 10));
        // AutoV1 is absent under 2 MiB, as on CivitAI
        assertThat(hashes(b)).containsOnlyKeys("SHA256", "AutoV2", "AutoV3", "CRC32");
        LocalFileRow row = row(a);
        assertThat(row.sha256()).isEqualTo(sha256(Files.readAllBytes(a)));
        assertThat(row.fileSize()).isEqualTo(3 << 20);
        assertThat(row.tensorCount()).isEqualTo(1);
        long n = java.nio.ByteBuffer.wrap(Files.readAllBytes(a), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(row.headerSize()).isEqualTo(n);
        assertThat(query("SELECT key || '=' || value FROM safetensor_metadata m JOIN local_files f ON f.id = m.local_file_id"
                + " WHERE f.file_path = '" + a + "' ORDER BY key"))
                .containsExactly("ss_network_dim=16", "ss_output_name=loras/a.safetensors");
        assertThat(query("SELECT count(*) FROM local_files WHERE file_key IS NOT NULL AND mtime_ns > 0 AND last_seen_at IS NOT NULL"))
                .containsExactly("2");
    }

    @Test
    void hashesChosenWithIdsOrTypeNamesAlwaysIncludeSha256() throws Exception {
        Path a = model("a.safetensors", 50_000, 1);
        scan("crc32", "BLAKE3");
        assertThat(hashes(a)).containsOnlyKeys("SHA256", "CRC32", "BLAKE3");
        assertThatThrownBy(() -> scan("md5")).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).contains("unknown hash 'md5'").contains("sha256").contains("blake3");
        });
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        Path a = model("a.safetensors", 200_000, 1);
        scan();
        String before = row(a).sha256();
        FileTime mtime = Files.getLastModifiedTime(a);
        // same size, same mtime, other bytes: only a scan that reads the file would notice
        SafetensorsWriter.writeSized(a, 200_000, Map.of("ss_output_name", "a.safetensors", "ss_network_dim", "16"), 99);
        Files.setLastModifiedTime(a, mtime);
        ScanSummary again = scan();
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.bytesHashed()).isZero();
        assertThat(row(a).sha256()).isEqualTo(before);
    }

    @Test
    void anUnchangedFileIsReadOnceMoreForAHashItWasNotReadFor() throws Exception {
        Path a = model("a.safetensors", 200_000, 1);
        scan();
        link(a, 11, 22);
        Map<String, String> before = hashes(a);
        ScanSummary blake = scan("blake3");
        assertThat(blake.changed()).isEqualTo(1);
        assertThat(blake.unchanged()).isZero();
        assertThat(blake.bytesHashed()).isEqualTo(Files.size(a));
        // the same bytes: the hashes it had are kept, the link too
        assertThat(hashes(a)).containsAllEntriesOf(before).containsKey("BLAKE3");
        assertThat(row(a).civitaiVersionId()).isEqualTo(22L);
        assertThat(query("SELECT hashed_types FROM local_files")).containsExactly("AutoV1,AutoV2,AutoV3,BLAKE3,CRC32,SHA256");
        ScanSummary third = scan("blake3");
        assertThat(third.unchanged()).isEqualTo(1);
        assertThat(third.bytesHashed()).isZero();
        assertThat(scan().bytesHashed()).isZero();
        // a row cataloged before hashed types were recorded was read for the default set
        execute("UPDATE local_files SET hashed_types = NULL");
        assertThat(scan().bytesHashed()).isZero();
        assertThat(scan("crc32").bytesHashed()).isZero();
        assertThat(scan("blake3").changed()).isEqualTo(1);
    }

    @Test
    void aChangedFileIsHashedAgainAndLosesItsStaleLink() throws Exception {
        Path a = model("a.safetensors", 200_000, 1);
        scan();
        long id = row(a).id();
        link(a, 11, 22);
        model("a.safetensors", 210_000, 2);
        ScanSummary again = scan();
        assertThat(again.changed()).isEqualTo(1);
        assertThat(again.added()).isZero();
        LocalFileRow row = row(a);
        assertThat(row.id()).isEqualTo(id);
        assertThat(row.sha256()).isEqualTo(sha256(Files.readAllBytes(a)));
        assertThat(row.civitaiVersionId()).isNull();
        assertThat(hashes(a)).containsEntry("SHA256", row.sha256());
    }

    @Test
    void aFileMovedInsideTheRootsKeepsItsRowAndLinkWithoutBeingRead() throws Exception {
        Path a = model("old/a.safetensors", 300_000, 1);
        scan();
        LocalFileRow before = row(a);
        link(a, 11, 22);
        Path moved = Files.createDirectories(models.resolve("new")).resolve("renamed.safetensors");
        Files.move(a, moved);
        ScanSummary again = scan();
        assertThat(again.moved()).isEqualTo(1);
        assertThat(again.added()).isZero();
        assertThat(again.missing()).isZero();
        assertThat(again.bytesHashed()).isZero();
        LocalFileRow after = row(moved);
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.civitaiVersionId()).isEqualTo(22L);
        assertThat(catalog.listFiles()).hasSize(1);
    }

    @Test
    void aCopiedThenDeletedFileIsRecognisedByItsSha256() throws Exception {
        Path a = model("a.safetensors", 300_000, 1);
        scan();
        long id = row(a).id();
        link(a, 11, 22);
        Path copy = models.resolve("b.safetensors");
        Files.copy(a, copy); // new inode and mtime: only the content says it is the same file
        Files.delete(a);
        ScanSummary again = scan();
        assertThat(again.moved()).isEqualTo(1);
        assertThat(row(copy).id()).isEqualTo(id);
        assertThat(row(copy).civitaiVersionId()).isEqualTo(22L);
        assertThat(catalog.listFiles()).hasSize(1);
    }

    @Test
    void aCopyNextToTheOriginalIsANewRow() throws Exception {
        Path a = model("a.safetensors", 300_000, 1);
        scan();
        Files.copy(a, models.resolve("b.safetensors"), StandardCopyOption.COPY_ATTRIBUTES);
        ScanSummary again = scan();
        assertThat(again.added()).isEqualTo(1);
        assertThat(again.moved()).isZero();
        assertThat(catalog.listFiles()).hasSize(2);
    }

    @Test
    void aCopyDoesNotTakeTheRowOfAVanishedFileOutsideTheScannedRoots() throws Exception {
        Path drive = Files.createDirectories(dir.resolve("drive"));
        Path onDrive = SafetensorsWriter.writeSized(drive.resolve("x.safetensors"), 300_000, Map.of(), 5);
        catalog.scan(new ScanRequest(List.of(drive), List.of(), false, 1), listener);
        long id = row(onDrive).id();
        link(onDrive, 11, 22);
        Path copy = models.resolve("x.safetensors");
        Files.copy(onDrive, copy); // new inode and mtime
        Files.delete(onDrive); // as if the drive were unplugged
        ScanSummary summary = scan();
        assertThat(summary.added()).isEqualTo(1);
        assertThat(summary.moved()).isZero();
        LocalFileRow left = row(onDrive);
        assertThat(left.id()).isEqualTo(id);
        assertThat(left.civitaiVersionId()).isEqualTo(22L);
        assertThat(left.missingSince()).isNull();
        assertThat(row(copy).id()).isNotEqualTo(id);
        assertThat(row(copy).civitaiVersionId()).isNull();
    }

    @Test
    void vanishedFilesAreMarkedMissingAndPrunedOnlyWhenAsked() throws Exception {
        Path a = model("a.safetensors", 10_000, 1);
        model("b.safetensors", 10_000, 2);
        scan();
        Files.delete(a);
        ScanSummary again = scan();
        assertThat(again.missing()).isEqualTo(1);
        assertThat(row(a).missingSince()).isNotNull();
        assertThat(catalog.listFiles()).hasSize(2);
        ScanSummary pruned = scan("--prune");
        // a pruned row is gone from the catalog: it is counted as pruned, not as missing
        assertThat(pruned.pruned()).isEqualTo(1);
        assertThat(pruned.missing()).isZero();
        assertThat(again.pruned()).isZero();
        assertThat(catalog.listFiles()).extracting(LocalFileRow::filePath).containsExactly(models.resolve("b.safetensors").toString());
        assertThat(query("SELECT count(*) FROM local_file_hashes")).containsExactly("4"); // no AutoV1 under 2 MiB
    }

    @Test
    void aFileComingBackClearsItsMissingMark() throws Exception {
        Path a = model("a.safetensors", 10_000, 1);
        scan();
        Path aside = dir.resolve("aside.safetensors");
        Files.move(a, aside);
        scan();
        assertThat(row(a).missingSince()).isNotNull();
        Files.move(aside, a);
        ScanSummary back = scan();
        assertThat(back.unchanged()).isEqualTo(1);
        assertThat(row(a).missingSince()).isNull();
    }

    @Test
    void filesOutsideTheScannedRootsAreLeftAlone() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path elsewhere = SafetensorsWriter.writeSized(other.resolve("x.safetensors"), 10_000, Map.of(), 5);
        catalog.scan(new ScanRequest(List.of(other), List.of(), false, 1), listener);
        model("a.safetensors", 10_000, 1);
        ScanSummary summary = scan();
        assertThat(summary.missing()).isZero();
        assertThat(row(elsewhere).missingSince()).isNull();
        assertThat(catalog.listFiles()).hasSize(2);
    }

    @Test
    void badFilesAreReportedOneByOneAndTheScanGoesOn() throws Exception {
        Path good = model("good.safetensors", 50_000, 1);
        Path html = models.resolve("html.safetensors");
        Files.writeString(html, "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>");
        Path truncated = models.resolve("truncated.safetensors");
        byte[] whole = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 10));
        Path empty = Files.createFile(models.resolve("empty.safetensors"));
        Files.writeString(models.resolve("notes.txt"), "not a model, not looked at");

        ScanSummary summary = scan();
        assertThat(summary.seen()).isEqualTo(4);
        assertThat(summary.added()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(summary.failures()).extracting(ScanFailure::path)
                .containsExactlyInAnyOrder(html.toString(), truncated.toString(), empty.toString());
        assertThat(summary.failures()).allSatisfy(f -> {
            // one line each: the rule broken, or (the HTML page) what the content is instead; never both
            assertThat(f.reason()).matches("(invalid safetensors: |not a safetensors file: ).*").doesNotContain("\n")
                    .doesNotContain("invalid safetensors: not a");
        });
        assertThat(summary.failures()).filteredOn(f -> f.path().equals(html.toString()))
                .singleElement().extracting(ScanFailure::reason).asString().containsIgnoringCase("html");
        assertThat(catalog.listFiles()).extracting(LocalFileRow::filePath).containsExactly(good.toString());
    }

    @Test
    void aBadFileDoesNotLoseWhatTheCatalogAlreadyHad() throws Exception {
        Path a = model("a.safetensors", 50_000, 1);
        scan();
        String sha = row(a).sha256();
        Files.writeString(a, "<!DOCTYPE html> the download was replaced by an error page");
        ScanSummary again = scan();
        assertThat(again.failed()).isEqualTo(1);
        assertThat(row(a).sha256()).isEqualTo(sha);
    }

    @Test
    void aFileThatChangesWhileBeingHashedIsNotStored() throws Exception {
        Path a = model("a.safetensors", 1_000_000, 1);
        FileMutatingPlugin.target = a;
        ScanSummary summary = scan("sha256", "mutate");
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.failures().getFirst().reason()).contains("changed while being");
        assertThat(catalog.listFiles()).isEmpty();
        FileMutatingPlugin.target = null;
        assertThat(scan().added()).isEqualTo(1);
        assertThat(row(a).sha256()).isEqualTo(sha256(Files.readAllBytes(a)));
    }

    @Test
    void anUnexpectedErrorWhileReadingFailsThatFileAndTheScanGoesOn() throws Exception {
        model("a.safetensors", 300_000, 1);
        model("b.safetensors", 200_000, 2);
        model("c.safetensors", 100_000, 3);
        AtomicBoolean thrown = new AtomicBoolean();
        ScanListener buggy = new ScanListener() {
            @Override
            public void bytesHashed(long bytes) {
                if (thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("progress bar bug");
                }
            }
        };
        ScanSummary summary = catalog.scan(new ScanRequest(List.of(models), List.of(), false, 2), buggy);
        assertThat(summary.added()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.failures().getFirst().reason())
                .isEqualTo("internal error while reading: IllegalStateException: progress bar bug");
        assertThat(catalog.listFiles()).hasSize(2);
        assertThat(scan().added()).isEqualTo(1);
    }

    @Test
    void aThrowingHashPluginDoesNotStopTheScan() throws Exception {
        // the engine's plugin guard turns the exception into a warning and disables the plugin
        Path a = model("a.safetensors", 300_000, 1);
        Path b = model("b.safetensors", 100_000, 2);
        FileMutatingPlugin.explodeOn = a;
        ScanSummary summary = scan("sha256", "test-explode");
        assertThat(summary.added()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
        assertThat(hashes(a)).containsKey("SHA256").doesNotContainKey("Explode");
        assertThat(hashes(b)).containsKey("SHA256");
    }

    @Test
    void symlinkLoopsAndBrokenLinksAreSteppedOver() throws Exception {
        Path a = model("sub/a.safetensors", 10_000, 1);
        Files.createSymbolicLink(models.resolve("sub/loop"), models);
        Files.createSymbolicLink(models.resolve("dangling.safetensors"), dir.resolve("nowhere.safetensors"));
        ScanSummary summary = scan();
        assertThat(summary.failed()).isZero();
        assertThat(summary.added()).isEqualTo(1);
        assertThat(row(a)).isNotNull();
        assertThat(skipped).extracting(ScanFailure::reason).contains("symlink loop", "broken symlink");
    }

    @Test
    void namesThatAreNotUtf8AreReportedAndNoPathThatCannotOpenItsFileIsStored() throws Exception {
        Path ok = model("ok.safetensors", 10_000, 1);
        model("a.safetensors", 11_000, 2);
        model("b.safetensors", 12_000, 3);
        model("c.safetensors", 13_000, 4);
        // two names that differ only in a byte that is not UTF-8 (both read as the same U+FFFD), and a
        // folder so named: Java cannot create them, a shell can
        Process p = new ProcessBuilder("sh", "-c", "mv a.safetensors \"$(printf 'm\\377.safetensors')\""
                + " && mv b.safetensors \"$(printf 'm\\376.safetensors')\""
                + " && mkdir \"$(printf 'd\\377')\" && mv c.safetensors \"$(printf 'd\\377')/inside.safetensors\"")
                .directory(models.toFile()).redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor() == 0, "this filesystem refuses file names that are not UTF-8: " + shell);
        try (var names = Files.list(models)) {
            assertThat(names.count()).isEqualTo(4);
        }

        ScanSummary summary = scan();
        assertThat(summary.seen()).isEqualTo(1);
        assertThat(summary.added()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(summary.failures()).allSatisfy(f -> assertThat(f.reason())
                .contains("not valid UTF-8").contains("rename").doesNotContain("\n"));
        // each named with its odd byte written out, so the two files can be told apart
        assertThat(summary.failures()).extracting(ScanFailure::path).containsExactlyInAnyOrder(
                models + "/m\\xFF.safetensors", models + "/m\\xFE.safetensors", models + "/d\\xFF");
        assertThat(summary.failures()).filteredOn(f -> f.path().endsWith("d\\xFF")).singleElement()
                .extracting(ScanFailure::reason).asString().contains("folder name").contains("nothing in it is scanned");
        assertThat(catalog.listFiles()).extracting(LocalFileRow::filePath).containsExactly(ok.toString());
        assertThat(catalog.listFiles()).allSatisfy(r -> assertThat(Path.of(r.filePath())).isRegularFile());

        ScanSummary again = scan();
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.failed()).isEqualTo(3);
        assertThat(again.missing()).isZero();
    }

    @Test
    void aHeaderWithSixtyThousandMetadataKeysIsStoredAlongWithTheOtherFiles() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < 60_000; i++) {
            meta.put("key_" + i, "value number " + i);
        }
        Path big = SafetensorsWriter.create().metadata(meta).tensor("w", "U8", List.of(4L), new byte[4])
                .write(models.resolve("big.safetensors"));
        model("a.safetensors", 10_000, 1);
        model("b.safetensors", 20_000, 2);
        ScanSummary summary = scan();
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.added()).isEqualTo(3);
        String metadataOfBig = "SELECT count(*), count(DISTINCT key) FROM safetensor_metadata m JOIN local_files f"
                + " ON f.id = m.local_file_id WHERE f.file_path = '" + big + "'";
        assertThat(query(metadataOfBig)).containsExactly("60000|60000");
        assertThat(query("SELECT value FROM safetensor_metadata WHERE key = 'key_59999'")).containsExactly("value number 59999");
        assertThat(scan().unchanged()).isEqualTo(3);

        // changed: its metadata is replaced, in bounded statements again
        meta.put("key_60000", "one more");
        SafetensorsWriter.create().metadata(meta).tensor("w", "U8", List.of(4L), new byte[4]).write(big);
        ScanSummary again = scan();
        assertThat(again.failures()).isEmpty();
        assertThat(again.changed()).isEqualTo(1);
        assertThat(query(metadataOfBig)).containsExactly("60001|60001");
    }

    @Test
    void aFileTheCatalogRefusesFailsAloneAndTheRestOfItsBatchIsCommitted() throws Exception {
        scan(); // creates the catalog
        execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON safetensor_metadata WHEN NEW.key = 'poison'"
                + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        Path poisoned = SafetensorsWriter.create().metadata("poison", "1").tensor("w", "U8", List.of(4L), new byte[4])
                .write(models.resolve("poisoned.safetensors"));
        Path a = model("a.safetensors", 10_000, 1);
        Path b = model("b.safetensors", 20_000, 2);
        List<ScanFailure> heard = new CopyOnWriteArrayList<>();
        ScanSummary summary = catalog.scan(new ScanRequest(List.of(models), List.of(), false, 2), new ScanListener() {
            @Override
            public void fileFailed(ScanFailure failure) {
                heard.add(failure);
            }
        });
        assertThat(summary.added()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        ScanFailure failure = summary.failures().getFirst();
        assertThat(failure.path()).isEqualTo(poisoned.toString());
        assertThat(failure.reason()).startsWith("could not be stored in the catalog").contains("refused by the test")
                .doesNotContain("\n");
        assertThat(heard).containsExactly(failure);
        assertThat(catalog.listFiles()).extracting(LocalFileRow::filePath)
                .containsExactlyInAnyOrder(a.toString(), b.toString());
        assertThat(query("SELECT count(*) FROM local_files WHERE file_path = '" + poisoned + "'")).containsExactly("0");

        execute("DROP TRIGGER refuse_poison");
        ScanSummary again = scan();
        assertThat(again.added()).isEqualTo(1);
        assertThat(again.unchanged()).isEqualTo(2);
    }

    @Test
    void aNamedFileThatIsNotAModelFileIsReportedAndNotScanned() throws Exception {
        Path good = model("good.safetensors", 10_000, 1);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a model");
        Path ckpt = Files.copy(good, dir.resolve("model.onnx")); // an ending no format claims: not looked at
        ScanSummary summary = catalog.scan(new ScanRequest(List.of(notes, good, ckpt), List.of(), false, 1), listener);
        assertThat(summary.added()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.failures()).extracting(ScanFailure::path).containsExactly(notes.toString(), ckpt.toString());
        assertThat(summary.failures()).allSatisfy(f -> assertThat(f.reason()).contains("not a model file (only *.bin, *.ckpt, *.gguf, *.pt, *.pth, *.safetensors, *.sft files are cataloged)").contains("not scanned"));
        assertThat(catalog.listFiles()).extracting(LocalFileRow::filePath).containsExactly(good.toString());

        // nothing named can be scanned: bad input, before anything is done
        assertThatThrownBy(() -> catalog.scan(new ScanRequest(List.of(notes), List.of(), false, 1), listener))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                    assertThat(e.getMessage()).startsWith(notes + ": not a model file");
                });
        assertThatThrownBy(() -> catalog.scan(new ScanRequest(List.of(notes, ckpt), List.of(), false, 1), listener))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                    assertThat(e.getMessage()).startsWith(notes + ", " + ckpt + ": not model files");
                });
    }

    @Test
    void aMissingRootIsBadInput() {
        assertThatThrownBy(() -> catalog.scan(new ScanRequest(List.of(dir.resolve("nope")), List.of(), false, 0), listener))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                    assertThat(e.getMessage()).contains("nope").contains("no such file or folder");
                });
    }

    @Test
    void manyFilesAcrossThreadsAreEachStoredOnce() throws Exception {
        for (int i = 0; i < 300; i++) {
            model("d" + (i % 7) + "/m" + i + ".safetensors", 2_000 + i, i);
        }
        ScanSummary summary = scan();
        assertThat(summary.added()).isEqualTo(300);
        assertThat(query("SELECT count(*), count(DISTINCT sha256) FROM local_files")).containsExactly("300|300");
        assertThat(query("SELECT count(*) FROM local_file_hashes")).containsExactly(String.valueOf(300 * 4));
        assertThat(scan().unchanged()).isEqualTo(300);
    }

    // ------------------------------------------------------------------ helpers

    LocalFileRow row(Path file) {
        return catalog.listFiles().stream().filter(r -> r.filePath().equals(file.toString())).findFirst().orElse(null);
    }

    Map<String, String> hashes(Path file) throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : query("SELECT hash_type || '=' || hash_value FROM local_file_hashes h JOIN local_files f"
                + " ON f.id = h.local_file_id WHERE f.file_path = '" + file + "'")) {
            String[] kv = line.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return map;
    }

    void link(Path file, long modelId, long versionId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE local_files SET civitai_model_id = " + modelId + ", civitai_version_id = " + versionId
                    + " WHERE file_path = '" + file + "'");
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(rs.getString(i));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
