package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ErrorCode;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginCalls;
import io.tensors.engine.plugin.PluginJars;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin hash whose update does not return: the scan names the file and the plugin it waits on,
 * and an interrupt (Ctrl-C in the shell) still ends the scan while the plugin stays stuck.
 * TSR_PLUGIN_WAIT_SECONDS=0 makes the watchdog speak at its first look, so nothing here waits on a clock.
 */
class PluginWaitTest {
    @TempDir
    Path dir;

    Path models;
    Path file;
    Path release;
    DefaultCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        file = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 100_000, Map.of(), 1);
        release = dir.resolve("release");
        Path jar = PluginJars.stuckHash(dir.resolve("plugins/slow.jar"), release);
        PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader(), List.of(jar), w -> {});
        catalog = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString(), "TSR_PLUGIN_WAIT_SECONDS", "0"),
                dir.resolve("models.db")), plugins);
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.writeString(release, ""); // lets the stuck worker go
        catalog.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // if the wait were never told, the scan would hang for good
    void aScanWaitingOnAPluginNamesTheFileAndThePluginUntilTheCallReturns() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        ScanSummary summary = catalog.scan(new ScanRequest(List.of(models), List.of("sha256", "slow"), false, 1), new ScanListener() {
            @Override
            public void waiting(String path, String call, long seconds) {
                told.add("waiting " + path + " on " + call);
                if (!call.endsWith("hash 'slow'")) {
                    return; // at a limit of 0 s, a built-in hash in the middle of a chunk is told too
                }
                try {
                    Files.writeString(release, "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void waitOver(String path) {
                told.add("over " + path);
            }
        });

        assertThat(summary.added()).isEqualTo(1);
        assertThat(told).contains("waiting " + file + " on plugin 'slowpoke' (slow.jar), hash 'slow'");
        assertThat(told).last().isEqualTo("over " + file);
    }

    @Test
    void anInterruptEndsTheScanWhileThePluginIsStillStuck() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread scan = new Thread(() -> {
            try {
                catalog.scan(new ScanRequest(List.of(models), List.of("slow"), false, 1), new ScanListener() {
                    @Override
                    public void waiting(String path, String call, long seconds) {
                        waiting.countDown();
                    }
                });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        scan.start();
        assertThat(waiting.await(60, TimeUnit.SECONDS)).as("the scan said it was waiting on the plugin").isTrue();
        Thread stuck = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> PluginCalls.running(t) != null && PluginCalls.running(t).what().equals("hash 'slow'"))
                .findFirst().orElseThrow();

        scan.interrupt(); // what Ctrl-C does in the shell
        scan.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(scan.isAlive()).as("the scan ended").isFalse();
        assertThat(failure.get()).isInstanceOf(TensorsException.class);
        assertThat(((TensorsException) failure.get()).code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(stuck.isAlive()).as("the plugin is still stuck").isTrue();
        assertThat(stuck.isDaemon()).as("a stuck worker cannot keep the program from exiting").isTrue();
    }
}
