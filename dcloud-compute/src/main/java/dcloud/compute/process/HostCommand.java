package dcloud.compute.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short host command (ip, tar) with a deadline and captures its output; never hangs the agent. */
final class HostCommand {
    static final long TIMEOUT_MS_DEFAULT = 10_000;
    private static final int OUTPUT_BYTES_MAX = 64 * 1024;

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private HostCommand() {}

    static Result run(List<String> command) {
        return run(command, TIMEOUT_MS_DEFAULT);
    }

    static Result run(List<String> command, long timeout_ms) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read on another thread: a command that never closes its output must not outlive the deadline.
            java.util.concurrent.CompletableFuture<byte[]> out = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (var in = process.getInputStream()) {
                    out.complete(in.readNBytes(OUTPUT_BYTES_MAX));
                } catch (IOException e) {
                    out.complete(new byte[0]);
                }
            });
            if (!process.waitFor(timeout_ms, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": no answer within " + timeout_ms + " ms");
            }
            byte[] output = out.completeOnTimeout(new byte[0], 1_000, TimeUnit.MILLISECONDS).join();
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Runs it and throws with its output when it fails; for setup steps that must succeed. */
    static void must(List<String> command) throws IOException {
        Result result = run(command);
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
    }
}
