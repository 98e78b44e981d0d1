package dcloud.compute.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One workload's control group, on cgroup v2 ({@code /sys/fs/cgroup/dcloud/<id>}) or v1 (one
 * directory per controller: memory, pids, cpu). It caps memory, process count and CPU share, and
 * it is how the agent finds a workload's processes again after its own restart: the cgroup, not a
 * pid file, is the source of truth for "still running".
 */
final class Cgroup {
    static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu");
    private static final int KILL_ROUNDS_MAX = 50;
    private static final long CPU_PERIOD_US = 100_000;

    private final Path root;
    private final String id;

    Cgroup(Path root, String id) {
        this.root = root;
        this.id = id;
    }

    static boolean isV2(Path root) {
        return Files.exists(root.resolve("cgroup.controllers"));
    }

    /** Checks this machine lets the agent create and limit cgroups; null when it does, else why not. */
    static String probe(Path root) {
        Cgroup test = new Cgroup(root, "probe-" + ProcessHandle.current().pid());
        try {
            test.create(16L << 20, 50, 8);
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot create limited cgroups under " + root + ": " + e.getMessage();
        } finally {
            test.remove();
        }
    }

    private List<Path> dirs() {
        if (isV2(root)) {
            return List.of(root.resolve("dcloud").resolve(id));
        }
        return V1_CONTROLLERS.stream().map(c -> root.resolve(c).resolve("dcloud").resolve(id)).toList();
    }

    void create(long memory_bytes_max, int cpu_percent, int processes_max) throws IOException {
        if (isV2(root)) {
            Path parent = root.resolve("dcloud");
            Files.createDirectories(parent);
            // Controllers must be enabled in the parent before a child can use them (cgroup v2's top-down rule).
            write(root.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
            write(parent.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
            Path dir = Files.createDirectories(parent.resolve(id));
            write(dir.resolve("memory.max"), Long.toString(memory_bytes_max));
            write(dir.resolve("memory.swap.max"), "0", true);
            write(dir.resolve("pids.max"), Integer.toString(processes_max));
            write(dir.resolve("cpu.max"), (CPU_PERIOD_US * cpu_percent / 100) + " " + CPU_PERIOD_US);
            return;
        }
        Path memory = Files.createDirectories(root.resolve("memory/dcloud").resolve(id));
        write(memory.resolve("memory.limit_in_bytes"), Long.toString(memory_bytes_max));
        write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(memory_bytes_max), true);
        Path pids = Files.createDirectories(root.resolve("pids/dcloud").resolve(id));
        write(pids.resolve("pids.max"), Integer.toString(processes_max));
        Path cpu = Files.createDirectories(root.resolve("cpu/dcloud").resolve(id));
        write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
        write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(CPU_PERIOD_US * cpu_percent / 100));
    }

    /** The cgroup.procs files a launcher writes its pid into, so that everything it execs is inside. */
    List<Path> procsFiles() {
        return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    List<Long> pids() {
        Path procs = dirs().get(isV2(root) ? 0 : 1).resolve("cgroup.procs");
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        return out;
    }

    boolean exists() {
        return Files.isDirectory(dirs().get(0));
    }

    /** Whether the kernel killed something here for running out of memory. */
    boolean hitMemoryLimit() {
        try {
            if (isV2(root)) {
                return Files.readString(dirs().get(0).resolve("memory.events")).lines()
                        .anyMatch(l -> l.startsWith("oom_kill ") && !l.endsWith(" 0"));
            }
            return Files.readString(dirs().get(0).resolve("memory.oom_control")).lines()
                    .anyMatch(l -> l.startsWith("oom_kill ") && !l.endsWith(" 0"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills every process inside (repeatedly: a fork bomb forks while we kill) and removes the cgroup. */
    void killAndRemove() {
        for (int round = 0; round < KILL_ROUNDS_MAX; round++) {
            List<Long> pids = pids();
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            sleep(20);
        }
        remove();
    }

    private void remove() {
        for (Path dir : dirs()) {
            for (int attempt = 0; attempt < 20 && Files.exists(dir); attempt++) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    sleep(25);
                }
            }
        }
    }

    private static void write(Path file, String value) throws IOException {
        write(file, value, false);
    }

    private static void write(Path file, String value, boolean optional) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            if (!optional) {
                throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
