package dcloud.compute.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine really has, as the agent checks offerings against it before publishing them:
 * cores, memory and GPUs (from {@code nvidia-smi} where it exists; none otherwise).
 */
public record Machine(int cores, long memoryBytes, List<String> gpus) {
    public Machine {
        gpus = List.copyOf(gpus);
    }

    public static Machine probe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemoryBytes(), findGpus());
    }

    private static long readMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // Fall through: an unknown amount backs no offering that asks for memory.
        }
        return 0;
    }

    private static List<String> findGpus() {
        List<String> out = new ArrayList<>();
        try {
            Process smi = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader").redirectErrorStream(true).start();
            String text = new String(smi.getInputStream().readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            if (smi.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && smi.exitValue() == 0) {
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
            }
        } catch (java.io.IOException e) {
            // No nvidia-smi: no GPUs this agent can vouch for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
