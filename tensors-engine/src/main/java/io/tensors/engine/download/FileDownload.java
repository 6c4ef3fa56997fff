package io.tensors.engine.download;

import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadReply;
import io.tensors.api.DownloadedFile;
import io.tensors.api.ModelHeader;
import io.tensors.api.ModelSource;
import io.tensors.api.TensorsException;
import io.tensors.engine.scan.HashPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One file: resume its {@code .part} (or start it), stream the body to disk and to the hashes at once,
 * restart cleanly when the server's bytes are no longer the part's, then verify CivitAI's SHA256, move the
 * file into place and catalog it. The part and its sidecar stay on every failure but a wrong SHA256 (then
 * the bytes become {@code .bad}).
 */
final class FileDownload {
    /** Body attempts in a row that bring no byte before the file fails (each attempt with bytes starts the count again). */
    static final int MAX_IDLE_ATTEMPTS = 5;

    /** What every file of one download shares. */
    record Context(ModelSource source, HashPipeline modelHashes, PartStorage storage,
            DownloadListener listener, boolean overwrite, Cataloger cataloger, Duration stallTimeout,
            ScheduledExecutorService watchdog) {}

    /** Puts a finished, verified file into the catalog. */
    @FunctionalInterface
    interface Cataloger {
        /** @return the header cataloged, or null when no format recognises the file (it is not cataloged) */
        ModelHeader catalog(Path file, Map<String, String> hashes, java.util.Collection<String> types,
                long modelId, long versionId);
    }

    /** The file fails with this line; the part stays. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String line) {
            super(line, null, false, false);
        }
    }

    private final Context context;
    private final DownloadPlan plan;
    private final String name;
    private long resumedFrom;
    private long received;
    /** The hashes of the bytes so far, kept across reconnects within this run; null before the first body. */
    private HashFeed feed;
    /** How many bytes the feed was given. */
    private long fed;

    FileDownload(Context context, DownloadPlan plan) {
        this.context = context;
        this.plan = plan;
        this.name = plan.target().getFileName().toString();
    }

    DownloadedFile run() {
        try {
            return download();
        } catch (Failure f) {
            return result(plan.part(), size(plan.part()), null, "failed", f.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(plan.part(), size(plan.part()), null, "failed",
                    plan.part() + ": interrupted; run the same command again to resume");
        }
    }

    private DownloadedFile download() throws Failure, InterruptedException {
        Path folder = plan.target().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Failure(folder + ": cannot create the folder (" + describe(e) + "); check --to");
        }
        if (Files.exists(plan.target()) && !context.overwrite()) {
            throw new Failure(plan.target() + ": a file of that name exists; use --overwrite to replace it");
        }
        Sidecar sidecar = Sidecar.read(plan.sidecar());
        long have = sidecar != null && sidecar.isFor(plan) ? size(plan.part()) : 0;
        if (have == 0) {
            sidecar = null;
        } else if (have > sidecar.size()) {
            have = 0; // longer than the file: not its bytes
            sidecar = null;
        }
        checkSpace(folder, plan.expectedSize() > 0 ? plan.expectedSize() - have : 0);

        try (PartStorage.Writer writer = open(plan.part())) {
            if (have == 0) {
                truncate(writer, 0);
            }
            int idle = 0;
            while (true) {
                DownloadReply reply = context.source().download(plan.url(), have, have > 0 && sidecar != null ? sidecar.validator() : null);
                switch (reply) {
                    case DownloadReply.Unsupported u -> throw new Failure(plan.url() + ": no source can download this file");
                    case DownloadReply.Failed f -> throw new Failure(f.reason() + partKept(have));
                    case DownloadReply.RangeNotSatisfiable r -> {
                        if (have == 0) {
                            throw new Failure(plan.url() + ": the server refused the whole file (HTTP 416); try again later");
                        }
                        have = restart(writer); // the part is longer than the file, or the file changed
                        sidecar = null;
                        continue;
                    }
                    case DownloadReply.Opened opened -> {
                        long before = have;
                        try (InputStream body = opened.body()) {
                            if (opened.totalSize() <= 0) {
                                throw new Failure(plan.url() + ": the server did not say the file's size; try again later");
                            }
                            boolean sameBytes = opened.start() == have && sidecar != null && sidecar.size() == opened.totalSize()
                                    && (sidecar.etag() == null || opened.etag() == null || sidecar.etag().equals(opened.etag()));
                            if (have > 0 && !sameBytes) {
                                // 200 to a range, a changed ETag, another size: the part's bytes are not this file's
                                have = restart(writer);
                                if (opened.start() != 0) {
                                    sidecar = null;
                                    continue; // ask again for the whole file
                                }
                            }
                            if (have == 0) {
                                sidecar = new Sidecar(plan.url().toString(), opened.totalSize(), plan.sha256(), opened.etag(),
                                        opened.lastModified(), SafeName.fromContentDisposition(opened.contentDisposition()));
                                checkSpace(folder, opened.totalSize());
                                writeSidecar(sidecar);
                            }
                            Map<String, String> hashes = transfer(body, writer, have, sidecar.size());
                            if (hashes != null) {
                                return finish(writer, sidecar, hashes);
                            }
                        } catch (IOException e) {
                            // closing a body that failed: nothing more to learn
                        }
                        have = feed != null ? fed : size(plan.part());
                        idle = have > before ? 0 : idle + 1;
                        if (idle >= MAX_IDLE_ATTEMPTS) {
                            throw new Failure(plan.url() + ": the transfer kept breaking off at byte " + have + " of "
                                    + sidecar.size() + "; run the same command again later to resume" + partKept(have));
                        }
                        if (idle > 0) {
                            Thread.sleep(Math.min(8000, 250L << idle));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new Failure(plan.part() + ": cannot be written (" + describe(e) + ")");
        } finally {
            closeFeed();
        }
    }

    /**
     * Streams the body after the part's {@code have} bytes, hashing the part's bytes first (read once).
     *
     * @return the hashes when the file is complete; null when the body broke off (the part holds what came)
     */
    private Map<String, String> transfer(InputStream body, PartStorage.Writer writer, long have, long total)
            throws Failure, InterruptedException {
        String displayName = plan.target().toString();
        context.listener().started(name, total, have);
        long[] lastProgress = {System.nanoTime()};
        ScheduledFuture<?> stall = context.watchdog().scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastProgress[0] > context.stallTimeout().toNanos()) {
                try {
                    body.close(); // the read waiting in this download throws, and the attempt ends
                } catch (IOException ignored) {
                    // it is being abandoned
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        try {
            if (feed == null || fed != have) {
                closeFeed();
                HashPipeline pipeline = context.modelHashes(); // every format: the catalog takes them all
                feed = new HashFeed(pipeline.session(total), displayName);
                resumedFrom = have;
                feedPart(have);
                fed = have;
            }
            while (fed < total) {
                ByteBuffer buffer = feed.borrow();
                int want = (int) Math.min(buffer.capacity(), total - fed);
                boolean broke = false;
                try {
                    fill(body, buffer, want, lastProgress);
                } catch (IOException e) {
                    broke = true; // cut short, reset, or closed by the stall watchdog: keep what came
                }
                int n = buffer.position();
                writeChunk(writer, buffer, fed, total);
                feed.submit(buffer);
                fed += n;
                received += n;
                context.listener().advanced(name, fed);
                if (broke || n < want) {
                    return null;
                }
            }
            Map<String, String> hashes = feed.finish();
            feed = null;
            return hashes;
        } catch (TensorsException e) {
            closeFeed();
            throw new Failure(displayName + ": not a valid model file (" + e.getMessage() + "); the server sent"
                    + " something else: try again later" + partKept(size(plan.part())));
        } finally {
            stall.cancel(false);
        }
    }

    private void closeFeed() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** Reads until the buffer holds {@code want} bytes or the body ends; the buffer keeps what it read on failure. */
    private static int fill(InputStream body, ByteBuffer buffer, int want, long[] lastProgress) throws IOException {
        byte[] array = buffer.array();
        while (buffer.position() < want) {
            int n = body.read(array, buffer.position(), want - buffer.position());
            if (n < 0) {
                break;
            }
            buffer.position(buffer.position() + n);
            lastProgress[0] = System.nanoTime();
        }
        return buffer.position();
    }

    private void writeChunk(PartStorage.Writer writer, ByteBuffer buffer, long offset, long total) throws Failure {
        try {
            writer.write(buffer.duplicate().flip(), offset);
        } catch (IOException e) {
            String why = describe(e);
            boolean full = why.toLowerCase(Locale.ROOT).contains("no space") || why.toLowerCase(Locale.ROOT).contains("quota");
            throw new Failure(plan.part() + ": " + (full ? "the disk is full" : "cannot be written (" + why + ")")
                    + " at byte " + offset + " of " + total + "; the .part is kept: "
                    + (full ? "free some space" : "fix it") + " and run the same command again to resume");
        }
    }

    /** The bytes an earlier run left in the part go to the hashes first: the only bytes read from disk. */
    private void feedPart(long have) throws Failure, InterruptedException {
        if (have == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(plan.part(), StandardOpenOption.READ)) {
            long offset = 0;
            while (offset < have) {
                ByteBuffer buffer = feed.borrow();
                buffer.limit((int) Math.min(buffer.capacity(), have - offset));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException("the part ended early");
                    }
                }
                offset += buffer.position();
                feed.submit(buffer);
            }
        } catch (IOException e) {
            throw new Failure(plan.part() + ": cannot be read to resume (" + describe(e) + "); delete it and run again");
        }
    }

    private DownloadedFile finish(PartStorage.Writer writer, Sidecar sidecar, Map<String, String> hashes) throws Failure {
        String actual = hashes.get("SHA256");
        try {
            writer.force();
        } catch (IOException e) {
            throw new Failure(plan.part() + ": cannot be written (" + describe(e) + ")");
        }
        if (plan.sha256() != null && !plan.sha256().equalsIgnoreCase(actual)) {
            moveQuietly(plan.part(), plan.bad());
            deleteQuietly(plan.sidecar());
            throw new Failure(plan.bad() + ": SHA256 mismatch: CivitAI says " + plan.sha256() + ", the downloaded file is "
                    + actual + "; not cataloged, the bytes are kept as .bad; try again later, or report it on the model's page");
        }
        Path target = plan.target();
        if (sidecar.name() != null && !sidecar.name().equals(name)) {
            target = plan.target().resolveSibling(sidecar.name()); // the name the server gives wins
        }
        if (Files.exists(target) && !context.overwrite()) {
            throw new Failure(target + ": a file of that name exists; use --overwrite to replace it" + partKept(sidecar.size()));
        }
        try {
            try {
                Files.move(plan.part(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(plan.part(), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Failure(plan.part() + ": cannot be renamed to " + target.getFileName() + " (" + describe(e) + ")");
        }
        deleteQuietly(plan.sidecar());
        long size = sidecar.size();
        ModelHeader header;
        try {
            header = context.cataloger().catalog(target, hashes, context.modelHashes().types(), plan.modelId(), plan.versionId());
        } catch (TensorsException e) {
            return result(target, size, actual, "failed", target + ": downloaded and verified, but not cataloged ("
                    + e.getMessage() + "); run 'tsr db scan " + target.getParent() + "' once the catalog is usable");
        }
        if (header == null) {
            return result(target, size, actual, "downloaded", "verified; not cataloged: its content is no model format tsr reads");
        }
        if (header.safety() == ModelHeader.Safety.DANGEROUS) {
            // flagged at once: loading it in its usual library could run code
            List<String> reasons = header.findings().stream().filter(f -> f.severity() == ModelHeader.Severity.DANGER)
                    .map(ModelHeader.Finding::message).toList();
            String line = target + ": dangerous to load: " + String.join("; ", reasons);
            context.listener().problem(line);
            return result(target, size, actual, "downloaded", "cataloged; " + line);
        }
        return result(target, size, actual, "downloaded", null);
    }

    private long restart(PartStorage.Writer writer) throws Failure {
        closeFeed();
        truncate(writer, 0);
        deleteQuietly(plan.sidecar());
        return 0;
    }

    private void truncate(PartStorage.Writer writer, long size) throws Failure {
        try {
            writer.truncate(size);
        } catch (IOException e) {
            throw new Failure(plan.part() + ": cannot be written (" + describe(e) + ")");
        }
    }

    private PartStorage.Writer open(Path part) throws Failure {
        try {
            return context.storage().open(part);
        } catch (IOException e) {
            throw new Failure(part + ": cannot be created (" + describe(e) + "); check the folder's permissions");
        }
    }

    private void writeSidecar(Sidecar sidecar) throws Failure {
        try {
            sidecar.write(plan.sidecar());
        } catch (IOException e) {
            throw new Failure(plan.sidecar() + ": cannot be written (" + describe(e) + ")");
        }
    }

    private void checkSpace(Path folder, long needed) throws Failure {
        if (needed <= 0) {
            return;
        }
        long free;
        try {
            free = context.storage().usableSpace(folder);
        } catch (IOException e) {
            return; // no figure: the write itself will tell
        }
        if (free < needed) {
            throw new Failure(folder + ": not enough free space: " + name + " needs " + mib(needed) + ", "
                    + mib(free) + " free; free some space or choose another folder with --to");
        }
    }

    private String partKept(long have) {
        return have > 0 ? " (" + have + " bytes kept in " + plan.part().getFileName() + ")" : "";
    }

    private DownloadedFile result(Path path, long size, String sha256, String status, String reason) {
        DownloadedFile file = new DownloadedFile(path.toString(), plan.modelId(), plan.versionId(), size, resumedFrom,
                received, sha256, status, reason);
        context.listener().finished(file);
        return file;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        return message == null || message.isBlank() ? "input/output error" : message.replace('\n', ' ');
    }

    private static void moveQuietly(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // the part stays under its own name
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale sidecar only costs a restart
        }
    }
}
