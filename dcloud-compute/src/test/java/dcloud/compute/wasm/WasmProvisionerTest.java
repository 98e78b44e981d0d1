package dcloud.compute.wasm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dcloud.compute.provision.Limits;
import dcloud.compute.provision.ProbeResult;
import dcloud.compute.provision.ProvisionException;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import dcloud.compute.provision.WorkloadStatus.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Wasm jobs end to end; the modules are the WAT files in src/test/resources/wasm, compiled by wabt-in-Chicory. */
@Timeout(60)
class WasmProvisionerTest {
    private static final long MIB = 1024 * 1024;
    private static final Limits LIMITS = new Limits(16 * MIB, 5_000, 100, 1, MIB);
    private static final Map<String, byte[]> COMPILED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private final WasmProvisioner wasm = new WasmProvisioner(2, 4, WasmProvisioner.MODULE_SIZE_BYTES_MAX_DEFAULT);

    @AfterEach
    void close() {
        wasm.close();
    }

    @Test
    void helloWritesStdoutStderrAndOutFileAndSeesArgsAndEnv() throws Exception {
        WorkloadSpec spec = spec("hello-1", "hello", LIMITS, Map.of("GREETING", "hi there", "A", "1"));
        wasm.start(spec);
        WorkloadStatus status = awaitFinal(spec.id(), 10_000);

        assertThat(status).isEqualTo(new WorkloadStatus(State.SUCCEEDED, 0, "returned from _start"));
        Path result = spec.resultDir();
        assertThat(Files.readString(result.resolve("stdout"))).isEqualTo("hello\njob\nA=1\nGREETING=hi there\n");
        assertThat(Files.readString(result.resolve("stderr"))).isEqualTo("warning\n");
        assertThat(Files.readString(result.resolve("out/result.txt"))).isEqualTo("result 42\n");
        try (Stream<Path> out = Files.list(result.resolve("out"))) {
            assertThat(out.map(p -> p.getFileName().toString()).toList()).containsExactly("result.txt");
        }
        assertThat(Files.readString(result.resolve("status.json")))
                .isEqualTo("{\"state\":\"SUCCEEDED\",\"exit_code\":0,\"detail\":\"returned from _start\"}");
        assertThat(wasm.logs(spec.id(), 1000)).isEqualTo("==> stdout <==\nhello\njob\nA=1\nGREETING=hi there\n==> stderr <==\nwarning\n");
        assertThat(wasm.logs(spec.id(), 20)).isEqualTo("==> stdout <==\n=hi there\n==> stderr <==\nwarning\n");
    }

    @Test
    void infiniteLoopIsStoppedByTheCpuTimeLimit() throws Exception {
        WorkloadSpec spec = spec("loop-1", "loop", new Limits(MIB, 500, 100, 1, MIB), Map.of());
        long started = System.nanoTime();
        wasm.start(spec);
        assertThat(wasm.status(spec.id()).state()).isEqualTo(State.RUNNING);
        WorkloadStatus status = awaitFinal(spec.id(), 10_000);
        long took_ms = (System.nanoTime() - started) / 1_000_000;

        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.detail()).isEqualTo("cpu time limit 500 ms reached");
        assertThat(took_ms).isGreaterThanOrEqualTo(500).isLessThan(5_000);
        assertThat(Files.readString(spec.resultDir().resolve("status.json"))).contains("cpu time limit 500 ms reached");
    }

    @Test
    void memoryHogGetsNoMoreThanTheCap() throws Exception {
        WorkloadSpec spec = spec("memhog-1", "memhog", new Limits(MIB, 5_000, 100, 1, MIB), Map.of());
        wasm.start(spec);
        WorkloadStatus status = awaitFinal(spec.id(), 10_000);

        // the module exits with the number of 64 KiB pages it ended up with: exactly the cap
        assertThat(status).isEqualTo(new WorkloadStatus(State.FAILED, 16, "exit code 16"));
    }

    @Test
    void moduleDeclaringMoreInitialMemoryThanTheCapIsRefused() {
        WorkloadSpec spec = spec("bigmem-1", "bigmem", new Limits(MIB, 5_000, 100, 1, MIB), Map.of());
        assertThatThrownBy(() -> wasm.start(spec))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("wasm module declares 32 pages (2097152 bytes) of initial memory, above the memory limit of"
                        + " 1048576 bytes (16 pages of 64 KiB)");
        assertThat(wasm.status(spec.id()).state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void hostFilesAreOutOfReach() throws Exception {
        String passwd = Files.isReadable(Path.of("/etc/passwd")) ? Files.readString(Path.of("/etc/passwd")) : "";
        WorkloadSpec spec = spec("escape-1", "escape", LIMITS, Map.of());
        wasm.start(spec);
        WorkloadStatus status = awaitFinal(spec.id(), 10_000);

        assertThat(status.state()).isEqualTo(State.SUCCEEDED);
        String stdout = Files.readString(spec.resultDir().resolve("stdout"));
        List<Integer> errnos = Arrays.stream(stdout.split("\n")).map(Integer::parseInt).toList();
        // WASI errnos: 63 EPERM (absolute or ../ path), 54 ENOTDIR, 8 EBADF, 2 EACCES, 44 ENOENT
        assertThat(errnos).containsExactly(63, 63, 63, 63, 54, 8, 2, 2, 44);
        if (passwd.length() > 8) {
            assertThat(stdout).doesNotContain(passwd.substring(0, 8));
        }
        try (Stream<Path> out = Files.list(spec.resultDir().resolve("out"))) {
            assertThat(out).isEmpty();
        }
    }

    @Test
    void outputsAreCutAtTheLimit() throws Exception {
        long limit = 100_000;
        WorkloadSpec spec = spec("spam-1", "spam", new Limits(MIB, 5_000, 100, 1, limit), Map.of());
        wasm.start(spec);
        WorkloadStatus status = awaitFinal(spec.id(), 10_000);

        // the second 64 KiB chunk does not fit /out: the write fails with EIO (29) and the module exits with it
        assertThat(status.state()).isEqualTo(State.FAILED);
        assertThat(status.exitCode()).isEqualTo(29);
        assertThat(status.detail()).isEqualTo("exit code 29; stdout cut at 100000 of 1048576 bytes");
        byte[] stdout = Files.readAllBytes(spec.resultDir().resolve("stdout"));
        assertThat(stdout).hasSize((int) limit);
        assertThat(new String(stdout, UTF_8)).endsWith("x\n[dcloud: output truncated at 100000 bytes]\n");
        assertThat(Files.size(spec.resultDir().resolve("out/big.bin"))).isEqualTo(65536);
    }

    @Test
    void outEntriesAreBounded() throws Exception {
        WorkloadSpec spec = spec("entries-1", "entries", LIMITS, Map.of());
        wasm.start(spec);
        WorkloadStatus status = awaitFinal(spec.id(), 30_000);

        // the module exits with the number of files it could create
        assertThat(status).isEqualTo(new WorkloadStatus(State.FAILED, OutDir.ENTRIES_MAX, "exit code " + OutDir.ENTRIES_MAX));
        try (Stream<Path> out = Files.list(spec.resultDir().resolve("out"))) {
            assertThat(out.count()).isEqualTo(OutDir.ENTRIES_MAX);
        }
    }

    @Test
    void exitAndTrapOutcomes() throws Exception {
        WorkloadSpec trap = spec("trap-1", "trap", LIMITS, Map.of());
        wasm.start(trap);
        assertThat(awaitFinal(trap.id(), 10_000))
                .isEqualTo(new WorkloadStatus(State.FAILED, -1, "trap: Trapped on unreachable instruction"));

        WorkloadSpec recursion = specOfWat("recursion-1", "(module (func $r (export \"_start\") (call $r)))", LIMITS);
        wasm.start(recursion);
        assertThat(awaitFinal(recursion.id(), 10_000))
                .isEqualTo(new WorkloadStatus(State.FAILED, -1, "trap: call stack exhausted"));

        WorkloadSpec exit0 = specOfWat("exit0-1", """
                (module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                  (func (export "_start") (call $exit (i32.const 0))))""", LIMITS);
        wasm.start(exit0);
        assertThat(awaitFinal(exit0.id(), 10_000)).isEqualTo(new WorkloadStatus(State.SUCCEEDED, 0, "exit code 0"));
    }

    @Test
    void stopEndsARunningLoop() throws Exception {
        WorkloadSpec spec = spec("loop-2", "loop", new Limits(MIB, 0, 100, 1, MIB), Map.of());
        wasm.start(spec);
        Thread.sleep(200);
        assertThat(wasm.status(spec.id())).isEqualTo(WorkloadStatus.running());
        long started = System.nanoTime();
        wasm.stop(spec.id());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        assertThat(wasm.status(spec.id())).isEqualTo(new WorkloadStatus(State.STOPPED, -1, "stopped"));
        wasm.stop(spec.id()); // idempotent
        assertThat(wasm.status(spec.id()).state()).isEqualTo(State.STOPPED);
        assertThat(StatusFile.read(spec.resultDir())).contains(new WorkloadStatus(State.STOPPED, -1, "stopped"));
    }

    @Test
    void theQueueIsBoundedAndAQueuedJobCanBeStopped() throws Exception {
        try (WasmProvisioner small = new WasmProvisioner(1, 1, MIB)) {
            Limits endless = new Limits(MIB, 0, 100, 1, MIB);
            WorkloadSpec first = spec("loop-a", "loop", endless, Map.of());
            WorkloadSpec second = spec("loop-b", "loop", endless, Map.of());
            WorkloadSpec third = spec("loop-c", "loop", endless, Map.of());
            small.start(first);
            small.start(second);
            assertThat(small.status(second.id())).isEqualTo(new WorkloadStatus(State.RUNNING, 0, "queued"));
            assertThatThrownBy(() -> small.start(third))
                    .isInstanceOf(ProvisionException.class)
                    .hasMessageContaining("too many wasm jobs: 1 running and 1 queued");
            assertThatThrownBy(() -> small.start(first))
                    .isInstanceOf(ProvisionException.class)
                    .hasMessage("wasm job loop-a is already running");
            small.stop(second.id());
            assertThat(small.status(second.id())).isEqualTo(new WorkloadStatus(State.STOPPED, -1, "stopped before it started"));
            small.stop(first.id());
            assertThat(small.status(first.id()).state()).isEqualTo(State.STOPPED);
        }
    }

    @Test
    void closeStopsRunningAndQueuedJobsAndKeepsTheirStatus() throws Exception {
        WasmProvisioner other = new WasmProvisioner(1, 1, MIB);
        Limits endless = new Limits(MIB, 0, 100, 1, MIB);
        WorkloadSpec running = spec("loop-d", "loop", endless, Map.of());
        WorkloadSpec queued = spec("loop-e", "loop", endless, Map.of());
        other.start(running);
        other.start(queued);
        while (!other.status(running.id()).detail().equals("running")) {
            Thread.sleep(10);
        }
        other.close();
        assertThat(other.status(running.id())).isEqualTo(new WorkloadStatus(State.STOPPED, -1, "stopped"));
        assertThat(other.status(queued.id())).isEqualTo(new WorkloadStatus(State.STOPPED, -1, "stopped before it started"));
        assertThat(StatusFile.read(running.resultDir())).contains(new WorkloadStatus(State.STOPPED, -1, "stopped"));
        assertThatThrownBy(() -> other.start(spec("hello-3", "hello", LIMITS, Map.of())))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("the wasm provisioner is closed");
    }

    @Test
    void malformedModulesAndForeignImportsAreRefused() throws Exception {
        Path junk = dir.resolve("junk.wasm");
        Files.writeString(junk, "#!/bin/sh\necho not wasm\n");
        assertThatThrownBy(() -> wasm.start(new WorkloadSpec("junk-1", junk, dir.resolve("junk-1"), Map.of(), LIMITS)))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("not a wasm module: it does not start with the \\0asm header");

        Path truncated = dir.resolve("truncated.wasm");
        Files.write(truncated, Arrays.copyOf(compiled("hello"), 40));
        assertThatThrownBy(() -> wasm.start(new WorkloadSpec("truncated-1", truncated, dir.resolve("t-1"), Map.of(), LIMITS)))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("not a valid wasm module: ");

        WorkloadSpec foreign = specOfWat("foreign-1", """
                (module (import "env" "system" (func $system (param i32) (result i32)))
                  (func (export "_start")))""", LIMITS);
        assertThatThrownBy(() -> wasm.start(foreign))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("wasm module imports env.system (function); a wasm job can import only WASI preview 1 functions"
                        + " (wasi_snapshot_preview1)");

        WorkloadSpec no_start = specOfWat("nostart-1", "(module (func (export \"main\")))", LIMITS);
        assertThatThrownBy(() -> wasm.start(no_start))
                .isInstanceOf(ProvisionException.class)
                .hasMessage("wasm module exports no _start function (a wasm job is a WASI command module)");

        try (WasmProvisioner tiny = new WasmProvisioner(1, 0, 100)) {
            assertThatThrownBy(() -> tiny.start(spec("hello-big", "hello", LIMITS, Map.of())))
                    .isInstanceOf(ProvisionException.class)
                    .hasMessageMatching("wasm module is \\d+ bytes, above this provider's limit of 100");
        }
    }

    @Test
    void adoptServesAFinishedResultAndDropsAPartialOne() throws Exception {
        WorkloadSpec done = spec("hello-2", "hello", LIMITS, Map.of());
        wasm.start(done);
        assertThat(awaitFinal(done.id(), 10_000).state()).isEqualTo(State.SUCCEEDED);

        WorkloadSpec partial = spec("loop-3", "loop", LIMITS, Map.of());
        Files.createDirectories(partial.resultDir().resolve("out"));
        Files.writeString(partial.resultDir().resolve("stdout"), "half");

        try (WasmProvisioner restarted = new WasmProvisioner(1)) {
            assertThat(restarted.status(done.id()).state()).isEqualTo(State.UNKNOWN);
            assertThat(restarted.adopt(done)).isTrue();
            assertThat(restarted.status(done.id())).isEqualTo(new WorkloadStatus(State.SUCCEEDED, 0, "returned from _start"));
            assertThat(restarted.logs(done.id(), 100)).contains("hello\njob\n");

            assertThat(restarted.adopt(partial)).isFalse();
            assertThat(partial.resultDir()).doesNotExist();
            assertThat(restarted.status(partial.id()).state()).isEqualTo(State.UNKNOWN);
        }
    }

    @Test
    void probeRunsATrivialModule() {
        ProbeResult probe = wasm.probe();
        assertThat(probe.available()).isTrue();
        assertThat(probe.detail()).startsWith("chicory 1.7.5 interpreter, WASI preview 1; trivial module ran in ");
        assertThat(wasm.kind()).isEqualTo("wasm");
    }

    // ---- helpers ----

    private WorkloadSpec spec(String id, String module, Limits limits, Map<String, String> env) {
        Path artifact = dir.resolve(module + ".wasm");
        try {
            if (!Files.exists(artifact)) {
                Files.write(artifact, compiled(module));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkloadSpec(id, artifact, dir.resolve("work").resolve(id), env, limits);
    }

    private WorkloadSpec specOfWat(String id, String wat, Limits limits) throws IOException {
        Path artifact = dir.resolve(id + ".wasm");
        Files.write(artifact, Wat2Wasm.parse(wat));
        return new WorkloadSpec(id, artifact, dir.resolve("work").resolve(id), Map.of(), limits);
    }

    static byte[] compiled(String module) {
        return COMPILED.computeIfAbsent(module, name -> {
            try (InputStream in = WasmProvisionerTest.class.getResourceAsStream("/wasm/" + name + ".wat")) {
                return Wat2Wasm.parse(new String(in.readAllBytes(), UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private WorkloadStatus awaitFinal(String id, long timeout_ms) throws InterruptedException {
        long deadline = System.nanoTime() + timeout_ms * 1_000_000;
        WorkloadStatus status = wasm.status(id);
        while (!status.state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = wasm.status(id);
        }
        return status;
    }
}
