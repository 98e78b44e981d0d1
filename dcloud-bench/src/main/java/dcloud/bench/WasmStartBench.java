package dcloud.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dcloud.compute.provision.Limits;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import dcloud.compute.wasm.WasmProvisioner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Wasm job start latency, one job at a time: a hello module (writes "hello\n" to stdout) through
 * {@link WasmProvisioner} from start() to its first stdout byte and to SUCCEEDED (status.json written),
 * next to Chicory alone: parse, instantiate with WASI, and parse + instantiate + run in one thread.
 * Usage: WasmStartBench [RUNS]
 */
public final class WasmStartBench {
    private static final long POLL_NANOS = 20_000;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = Math.max(20, runs / 4);
        Path dir = Files.createTempDirectory("wasm-bench");
        Path module = dir.resolve("hello.wasm");
        Files.write(module, HELLO);
        System.out.printf("java %s, %d runs after %d warm-up, one job at a time, hello module of %d bytes%n",
                System.getProperty("java.version"), runs, warmup, HELLO.length);
        try (WasmProvisioner wasm = new WasmProvisioner(1)) {
            System.out.println(wasm.probe().detail());
            long[] parse = new long[runs], instantiate = new long[runs], whole = new long[runs];
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                WasmModule parsed = Parser.parse(HELLO);
                long t1 = System.nanoTime();
                try (WasiPreview1 wasi = WasiPreview1.builder()
                        .withOptions(WasiOptions.builder().withStdout(OutputStream.nullOutputStream()).build()).build()) {
                    Instance instance = Instance.builder(parsed)
                            .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                            .withStart(false)
                            .build();
                    long t2 = System.nanoTime();
                    instance.export("_start").apply();
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        parse[i] = t1 - t0;
                        instantiate[i] = t2 - t1;
                        whole[i] = t3 - t0;
                    }
                }
            }
            Limits limits = new Limits(16L << 20, 10_000, 100, 1, 1L << 20);
            long[] call = new long[runs], first_byte = new long[runs], succeeded = new long[runs];
            for (int i = -warmup; i < runs; i++) {
                String id = "bench-" + (i + warmup);
                WorkloadSpec spec = new WorkloadSpec(id, module, dir.resolve(id), Map.of(), limits);
                Path stdout = spec.resultDir().resolve("stdout");
                long t0 = System.nanoTime();
                wasm.start(spec);
                long t1 = System.nanoTime();
                while (!Files.exists(stdout) || Files.size(stdout) == 0) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
                long t2 = System.nanoTime();
                WorkloadStatus status;
                while (!(status = wasm.status(id)).state().isFinal()) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
                long t3 = System.nanoTime();
                if (status.state() != WorkloadStatus.State.SUCCEEDED) {
                    throw new IllegalStateException("hello job " + id + " ended " + status);
                }
                if (i >= 0) {
                    call[i] = t1 - t0;
                    first_byte[i] = t2 - t0;
                    succeeded[i] = t3 - t0;
                }
                dcloud.core.files.FileTrees.delete(spec.workDir());
            }
            System.out.printf("%-58s %9s %9s%n", "step", "p50 ms", "p99 ms");
            row("chicory: parse", parse);
            row("chicory: instantiate with WASI", instantiate);
            row("chicory: parse + instantiate + run _start, one thread", whole);
            row("provisioner: start() returns (read, check, queue)", call);
            row("provisioner: start() to first stdout byte", first_byte);
            row("provisioner: start() to SUCCEEDED (results saved)", succeeded);
        } finally {
            dcloud.core.files.FileTrees.delete(dir);
        }
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-58s %9.3f %9.3f%n", name, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }


    /**
     * A WASI command module, assembled by hand (the bench has no wat2wasm):
     * <pre>
     * (module
     *   (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
     *   (memory 1)
     *   (data (i32.const 0) "\10\00\00\00\06\00\00\00")  ;; one iovec: 6 bytes at 16
     *   (data (i32.const 16) "hello\n")
     *   (func (export "_start") (drop (call 0 (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
     * </pre>
     */
    static final byte[] HELLO = concat(
            bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00),
            // type section: (i32 i32 i32 i32) -> i32, () -> ()
            bytes(0x01, 0x0c, 0x02, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00),
            // import section: wasi_snapshot_preview1.fd_write, function of type 0
            bytes(0x02, 0x23, 0x01, 0x16), "wasi_snapshot_preview1".getBytes(US_ASCII), bytes(0x08), "fd_write".getBytes(US_ASCII), bytes(0x00, 0x00),
            // function section: one function of type 1
            bytes(0x03, 0x02, 0x01, 0x01),
            // memory section: one memory, 1 page, no maximum
            bytes(0x05, 0x03, 0x01, 0x00, 0x01),
            // export section: "_start" = function 1
            bytes(0x07, 0x0a, 0x01, 0x06), "_start".getBytes(US_ASCII), bytes(0x00, 0x01),
            // code section: i32.const 1, 0, 1, 8; call 0; drop; end
            bytes(0x0a, 0x0f, 0x01, 0x0d, 0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x00, 0x1a, 0x0b),
            // data section: the iovec at 0, "hello\n" at 16
            bytes(0x0b, 0x19, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x08, 0x10, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
                    0x00, 0x41, 0x10, 0x0b, 0x06), "hello\n".getBytes(US_ASCII));

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : List.of(parts)) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
