package dcloud.cli.devnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The devnet's node processes: each runs {@code dcloud.node.NodeMain run --home DIR/nX} from this
 * JVM's own java binary and classpath, detached (setsid), with its pid in nX/node.pid and its log in nX/node.log.
 */
public final class DevnetProcesses {
    private static final String NODE_MAIN = "dcloud.node.NodeMain";
    /** First JVM argument of every devnet node; checked to tell our process from a recycled pid (long classpaths get cut in /proc). */
    private static final String MARKER = "-Ddcloud.devnet.node=true";
    private final Path dir;

    public DevnetProcesses(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public boolean initialized() {
        return Files.isDirectory(dir.resolve("n0"));
    }

    /** Validators (n0, n1, ...) first, then storage nodes (s0, ...), then compute nodes (c0, ...), each in number order. */
    public List<String> nodes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(dir)) {
            return homes.filter(p -> Files.exists(p.resolve("node.json")) && p.getFileName().toString().matches("[nsc][0-9]+")).map(p -> p.getFileName().toString())
                    .sorted(java.util.Comparator.comparing((String n) -> "nsc".indexOf(n.charAt(0))).thenComparingInt(n -> Integer.parseInt(n.substring(1)))).toList();
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), MARKER, "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), NODE_MAIN));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code NodeMain init-devnet} and waits for it. */
    public void init(int validators, int storage_nodes, int compute_nodes, int base_port, long block_interval_ms, java.util.Map<String, String> settings,
                     java.util.Map<String, String> genesis_params)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("init-devnet", "--dir", dir.toString(), "--validators", String.valueOf(validators),
                "--storage-nodes", String.valueOf(storage_nodes), "--compute-nodes", String.valueOf(compute_nodes),
                "--base-port", String.valueOf(base_port), "--block-interval-ms", String.valueOf(block_interval_ms)));
        for (java.util.Map.Entry<String, String> setting : settings.entrySet()) {
            args.add("--set");
            args.add(setting.getKey() + "=" + setting.getValue());
        }
        for (java.util.Map.Entry<String, String> param : genesis_params.entrySet()) {
            args.add("--genesis-param");
            args.add(param.getKey() + "=" + param.getValue());
        }
        Process process = new ProcessBuilder(javaCommand(args.toArray(new String[0]))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("devnet init failed: " + output);
        }
    }

    public long start(String node) throws IOException {
        Path home = home(node);
        Optional<ProcessHandle> running = process(node);
        if (running.isPresent()) {
            return running.get().pid();
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(javaCommand("run", "--home", home.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Files.writeString(home.resolve("node.pid"), Long.toString(process.pid()));
        return process.pid();
    }

    /** The live node process, checked by pid and by its command line (a recycled pid is not ours). */
    public Optional<ProcessHandle> process(String node) throws IOException {
        Path pid_file = home(node).resolve("node.pid");
        if (!Files.exists(pid_file)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pid_file).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(MARKER)).orElse(true));
    }

    /** SIGKILL, for fault drills: no shutdown hook runs, nothing is flushed. */
    public boolean kill(String node) throws Exception {
        Optional<ProcessHandle> process = process(node);
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroyForcibly();
        process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        return true;
    }

    /** SIGTERM, then SIGKILL after {@code grace_ms}. */
    public boolean stop(String node, long grace_ms) throws IOException {
        Optional<ProcessHandle> process = process(node);
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(grace_ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception timeout) {
            process.get().destroyForcibly();
        }
        return true;
    }

    public Path home(String node) {
        if (!node.matches("[nsc][0-9]+")) {
            throw new IllegalArgumentException("node must be named like n0, n1, ... (validators) or s0, s1, ... (storage nodes); see 'dcloud devnet status'");
        }
        Path home = dir.resolve(node);
        if (!Files.exists(home.resolve("node.json"))) {
            throw new IllegalArgumentException("no devnet node '" + node + "' in " + dir);
        }
        return home;
    }
}
