package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read through a dropper, or written through write-behind, leaves the page cache; the cached fraction tells it. */
class PageCacheTest {
    @Test
    void readingWithADropperLeavesTheFileUncached(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(PageCache.available(), "not Linux or no native access: page-cache advice not tested");
        Path file = dir.resolve("model.safetensors");
        byte[] data = new byte[32 << 20];
        new Random(1).nextBytes(data);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(data));
            out.force(true); // clean pages: dirty ones cannot be dropped
        }
        Assumptions.assumeFalse(Files.getFileStore(file).type().equals("tmpfs"), "tmpfs pages are the file itself: never dropped");
        // read once plainly: cached
        Files.readAllBytes(file);
        assertThat(PageCache.cachedFraction(file, data.length)).isGreaterThan(0.9);

        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(file); PageCache.Dropper drop = PageCache.dropBehind(file)) {
            for (long at = 0; at < data.length; ) {
                buffer.clear();
                int n = in.read(buffer, at);
                at += n;
                drop.advance(n);
            }
        }
        assertThat(PageCache.cachedFraction(file, data.length)).isLessThan(0.1);
    }

    @Test
    void writingWithWriteBehindSendsTheFileToDiskAndDropsItsPagesKeepingItsBytes(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(PageCache.available(), "not Linux or no native access: page-cache advice not tested");
        Path file = dir.resolve("model.safetensors.part");
        Assumptions.assumeFalse(Files.getFileStore(dir).type().equals("tmpfs"), "tmpfs pages are the file itself: never dropped");
        byte[] data = new byte[64 << 20];
        new Random(2).nextBytes(data);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                PageCache.WriteBehind behind = PageCache.writeBehind(file)) {
            for (int at = 0; at < data.length; at += 1 << 20) {
                out.write(ByteBuffer.wrap(data, at, 1 << 20), at);
                behind.written(at + (1 << 20));
            }
        }
        // all but the last two steps of 8 MiB were written out and dropped as the writes went on
        assertThat(PageCache.cachedFraction(file, data.length)).isLessThan(0.4);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void anEmptyOrMissingFileCountsAsUncachedWithoutFailing(@TempDir Path dir) throws IOException {
        assertThat(PageCache.cachedFraction(dir.resolve("missing"), 100)).isZero();
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(PageCache.cachedFraction(empty, 0)).isZero();
        try (PageCache.Dropper drop = PageCache.dropBehind(dir.resolve("missing"))) {
            drop.advance(1 << 30); // nothing to drop, nothing thrown
        }
    }
}
