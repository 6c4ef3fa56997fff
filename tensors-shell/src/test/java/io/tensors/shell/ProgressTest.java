package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.shell.render.Cells;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line drawn with a fake clock, read as a terminal shows it. */
class ProgressTest {
    private final StringWriter written = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private Progress progress(int columns) {
        return new Progress(new PrintWriter(written), columns, now::get);
    }

    /** @return each redraw: the text between a carriage return and the clear-to-end-of-line */
    private List<String> draws() {
        return Arrays.stream(written.toString().split("\r")).filter(s -> !s.isEmpty())
                .map(s -> s.replace("\033[K", "")).filter(s -> !s.isEmpty()).toList();
    }

    private void later(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    @Test
    void everyRedrawClearsToTheEndOfTheLineSoNoStaleCharactersRemain() {
        Progress p = progress(80);
        p.start(2, 2_000_000_000L);
        p.fileStarted("/m/big.safetensors", 1_500_000_000L);
        later(1000);
        p.bytes(1_000_000_000L);
        later(30_000); // a long ETA, then a short one: the old line was longer
        p.bytes(500_000_000L);
        for (String draw : written.toString().split("\r")) {
            if (!draw.isEmpty()) {
                assertThat(draw).endsWith("\033[K");
            }
        }
    }

    @Test
    void showsTheLargestFileInFlightCountsAsFilesFinishBytesRateAndEta() {
        Progress p = progress(120);
        p.start(3, 3_000_000_000L);
        p.fileStarted("/models/loras/small.safetensors", 100_000_000L);
        p.fileStarted("/models/checkpoints/huge model.safetensors", 2_000_000_000L);
        later(2000);
        p.bytes(1_000_000_000L);
        assertThat(draws().getLast()).contains("0/3 files", "1.0 GB/3.0 GB", "500 MB/s", "ETA 4 s", "huge model.safetensors")
                .doesNotContain("small.safetensors").doesNotContain("/models/");
        later(200);
        p.fileDone("/models/checkpoints/huge model.safetensors");
        assertThat(draws().getLast()).contains("1/3 files", "small.safetensors");
    }

    @Test
    void neverTakesMoreCellsThanTheTerminalHasEvenWithWideNames() {
        for (int columns : new int[] {40, 80, 200}) {
            written.getBuffer().setLength(0);
            Progress p = progress(columns);
            p.start(10, 10_000_000_000L);
            p.fileStarted("/m/" + "細部調整LoRA🎨".repeat(20) + ".safetensors", 5_000_000_000L);
            later(1000);
            p.bytes(123_456_789L);
            assertThat(draws()).isNotEmpty().allSatisfy(line -> assertThat(Cells.width(line)).isLessThan(columns));
        }
    }

    @Test
    void redrawsAtMostTenTimesASecond() {
        Progress p = progress(80);
        p.start(1, 1_000_000L);
        for (int i = 0; i < 100; i++) {
            later(1);
            p.bytes(1000);
        }
        assertThat(draws()).hasSize(1);
    }

    @Test
    void itemProgressCountsItems() {
        Progress p = progress(80);
        p.startItems(12, "models");
        p.items(3);
        assertThat(draws().getLast()).contains("3/12 models");
    }

    @Test
    void finishLeavesAClearedLine() {
        Progress p = progress(80);
        p.start(1, 10);
        p.bytes(5);
        p.finish();
        assertThat(written.toString()).endsWith("\r\033[K");
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(Progress.duration(16.4)).isEqualTo("16 s");
        assertThat(Progress.duration(200)).isEqualTo("3 min 20 s");
        assertThat(Progress.duration(7500)).isEqualTo("2 h 5 min");
    }
}
