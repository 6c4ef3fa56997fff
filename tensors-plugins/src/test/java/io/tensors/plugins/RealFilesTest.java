package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Hashes the real fixtures in {@code $tsr.shared.dir/fixtures/safetensors/} and compares every value
 * with the "Expected hashes" table of its SOURCES.md (read at test time, never copied here).
 */
class RealFilesTest {
    /** One row of the table. */
    private record Expected(
            String name, long headerLength, String sha256, Optional<String> autoV1, String autoV3, String crc32Le,
            String blake3) {}

    private static Path fixtures() {
        String shared = System.getProperty("tsr.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "fixtures", "safetensors");
        Assumptions.assumeTrue(
                dir != null && Files.isDirectory(dir), "../shared/fixtures not present: real-file vectors skipped");
        return dir;
    }

    @Test
    void everyFixtureMatchesSourcesMd() throws IOException {
        Path dir = fixtures();
        List<Expected> table = parse(Files.readAllLines(dir.resolve("SOURCES.md")));
        assertThat(table).as("rows of the Expected hashes table").isNotEmpty();

        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> matched = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            Expected expected = table.stream()
                    .filter(e -> fileName.startsWith(e.name() + "_") || fileName.startsWith(e.name() + "."))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row in SOURCES.md for " + fileName));
            matched.add(expected.name());

            long headerLength = headerLength(file);
            assertThat(headerLength).as("N of %s", fileName).isEqualTo(expected.headerLength());
            FileLayout layout = new FileLayout(Files.size(file), 8 + headerLength);

            for (Kind kind : Kind.values()) {
                for (int chunk : new int[] {4 << 20, 65537}) {
                    Map<String, Optional<String>> h = Feed.file(Feed.BUILTINS, layout, file, chunk, kind);
                    String what = fileName + ", " + kind + ", chunk " + chunk + ": ";
                    assertThat(h.get("SHA256")).as(what + "SHA256").contains(expected.sha256());
                    assertThat(h.get("AutoV2")).as(what + "AutoV2").contains(expected.sha256().substring(0, 10));
                    assertThat(h.get("AutoV1")).as(what + "AutoV1").isEqualTo(expected.autoV1());
                    assertThat(h.get("AutoV3")).as(what + "AutoV3").contains(expected.autoV3());
                    assertThat(h.get("CRC32")).as(what + "CRC32").contains(expected.crc32Le());
                    assertThat(h.get("BLAKE3")).as(what + "BLAKE3").contains(expected.blake3());
                }
            }
        }
        assertThat(matched).as("each row used once").doesNotHaveDuplicates();
    }

    private static long headerLength(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = in.readNBytes(8);
            assertThat(first).hasSize(8);
            return ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    /** Reads the table after "## Expected hashes", finding columns by their headings. */
    private static List<Expected> parse(List<String> lines) {
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("## Expected hashes")) {
            i++;
        }
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        assertThat(i).as("Expected hashes table in SOURCES.md").isLessThan(lines.size());
        List<String> headings = cells(lines.get(i));
        int file = column(headings, "File");
        int n = column(headings, "N");
        int sha256 = column(headings, "SHA256");
        int autoV1 = column(headings, "AutoV1 CivitAI scanner");
        int autoV3 = column(headings, "AutoV3");
        int crc32 = column(headings, "CRC32");
        int blake3 = column(headings, "BLAKE3");
        List<Expected> rows = new ArrayList<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> c = cells(lines.get(i));
            String v1 = c.get(autoV1);
            String[] crcs = c.get(crc32).split("/");
            assertThat(crcs).as("CRC32 BE / LE cell").hasSize(2);
            rows.add(new Expected(
                    c.get(file),
                    Long.parseLong(c.get(n)),
                    c.get(sha256),
                    v1.equals("null") ? Optional.empty() : Optional.of(v1),
                    c.get(autoV3),
                    unquote(crcs[1]),
                    c.get(blake3)));
        }
        return rows;
    }

    private static int column(List<String> headings, String prefix) {
        for (int i = 0; i < headings.size(); i++) {
            if (headings.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no column " + prefix + " in " + headings);
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.length() - 1);
        return Arrays.stream(inner.split("\\|", -1)).map(RealFilesTest::unquote).toList();
    }

    private static String unquote(String cell) {
        return cell.strip().replace("`", "");
    }
}
