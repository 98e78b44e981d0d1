package dcloud.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcloud.cli.Cli;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.cli.keys.KeyStore;
import dcloud.core.crypto.Mnemonic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud devnet up|down|status|kill|start: a local network of validator processes on loopback. */
@Command(name = "devnet", description = "Run a local devnet of validator and storage node processes on 127.0.0.1.",
        subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class, DevnetCommand.Kill.class, DevnetCommand.Start.class})
public final class DevnetCommand {
    static final long READY_TIMEOUT_MS = 60_000;

    static DevnetProcesses processes(Cli cli) {
        return new DevnetProcesses(cli.home().resolve("devnet"));
    }

    static String apiUrl(Path home) throws java.io.IOException {
        JsonNode config = NodeClient.JSON.readTree(home.resolve("node.json").toFile());
        return "http://" + config.path("api_host").asText() + ":" + config.path("api_port").asInt();
    }

    static boolean isStorageNode(String node) {
        return node.startsWith("s");
    }

    static boolean isComputeNode(String node) {
        return node.startsWith("c");
    }

    static boolean isValidator(String node) {
        return node.startsWith("n");
    }

    static ObjectNode nodeStatus(DevnetProcesses devnet, String node) throws Exception {
        ObjectNode out = NodeClient.JSON.createObjectNode().put("node", node);
        if (isStorageNode(node)) {
            return storageStatus(devnet, node, out);
        }
        if (isComputeNode(node)) {
            return computeStatus(devnet, node, out);
        }
        var process = devnet.process(node);
        out.put("running", process.isPresent());
        if (process.isPresent()) {
            out.put("pid", process.get().pid());
        } else {
            out.putNull("pid");
        }
        String url = apiUrl(devnet.home(node));
        out.put("api_url", url);
        try {
            JsonNode status = new NodeClient(url).status();
            out.put("role", status.path("role").asText());
            out.put("height", status.path("height").asLong());
            out.put("state_hash", status.path("state_hash").asText());
            out.put("leader", status.path("leader").asText(null));
        } catch (ApiException unreachable) {
            out.put("role", process.isPresent() ? "starting" : "down");
            out.putNull("height");
            out.putNull("state_hash");
        }
        return out;
    }

    private static ObjectNode storageStatus(DevnetProcesses devnet, String node, ObjectNode out) throws Exception {
        var process = devnet.process(node);
        out.put("running", process.isPresent());
        out.put("pid", process.map(ProcessHandle::pid).orElse(null));
        JsonNode config = NodeClient.JSON.readTree(devnet.home(node).resolve("node.json").toFile());
        String url = config.path("storage_public_url").asText();
        out.put("api_url", url);
        try {
            JsonNode health = new NodeClient(url).get("/v1/health");
            out.put("role", "storage");
            out.put("account", health.path("account").asText());
            out.put("used_bytes", health.path("used_bytes").asLong());
            out.put("pieces", health.path("pieces").asLong());
        } catch (ApiException unreachable) {
            out.put("role", process.isPresent() ? "starting" : "down");
        }
        return out;
    }

    private static ObjectNode computeStatus(DevnetProcesses devnet, String node, ObjectNode out) throws Exception {
        var process = devnet.process(node);
        out.put("running", process.isPresent());
        out.put("pid", process.map(ProcessHandle::pid).orElse(null));
        JsonNode compute = NodeClient.JSON.readTree(devnet.home(node).resolve("node.json").toFile()).path("compute");
        String url = compute.path("agent_public_url").asText();
        out.put("api_url", url);
        out.put("ingress", compute.path("ingress_domain").asText() + " https:" + compute.path("ingress_https_port").asInt() + " http:"
                + compute.path("ingress_http_port").asInt());
        try {
            JsonNode health = new NodeClient(url).get("/v1/health");
            out.put("role", "compute");
            out.set("kinds", health.path("kinds"));
        } catch (ApiException unreachable) {
            out.put("role", process.isPresent() ? "starting" : "down");
        }
        return out;
    }

    /** Waits until every running node answers and one of them leads. */
    static void awaitReady(DevnetProcesses devnet) throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            boolean leader = false;
            for (String node : devnet.nodes()) {
                ObjectNode status = nodeStatus(devnet, node);
                all &= answers(status);
                leader |= status.path("role").asText().equals("leader");
            }
            if (all && leader) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("devnet did not become ready within " + READY_TIMEOUT_MS / 1000 + " s; see the logs in " + devnet.dir() + "/*/node.log");
    }

    /** A node that answers on its API: its process runs and the status call did not fail. */
    static boolean answers(ObjectNode status) {
        return status.path("running").asBoolean() && !status.path("role").asText().equals("starting");
    }

    /**
     * Waits until one node answers on its API. A started process is not yet a serving node: JVM start, RocksDB and
     * the port bind take seconds, and a client that calls in between is refused.
     */
    static void awaitNodeReady(DevnetProcesses devnet, String node) throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            ObjectNode status = nodeStatus(devnet, node);
            if (answers(status)) {
                return;
            }
            if (!status.path("running").asBoolean()) {
                throw new IllegalStateException(node + " exited while starting; see " + devnet.home(node).resolve("node.log"));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(node + " did not answer within " + READY_TIMEOUT_MS / 1000 + " s; see " + devnet.home(node).resolve("node.log"));
    }

    @Command(name = "up", description = "Start the devnet (creating it on first use), fund your default key, show it working.")
    static final class Up implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--validators", defaultValue = "1", description = "validator processes for a new devnet (default ${DEFAULT-VALUE})") int validators;
        @Option(names = "--storage-nodes", defaultValue = "0", description = "storage node processes for a new devnet, s0, s1, ... (default ${DEFAULT-VALUE})") int storage_nodes;
        @Option(names = "--compute-nodes", defaultValue = "0", description = "compute node processes (provider agents with ingress) for a new devnet, c0, c1, ... (default ${DEFAULT-VALUE})") int compute_nodes;
        @Option(names = "--base-port", defaultValue = "7700", description = "API port of n0 (default ${DEFAULT-VALUE})") int base_port;
        @Option(names = "--block-interval-ms", defaultValue = "1000", description = "block interval (default ${DEFAULT-VALUE})") long block_interval_ms;
        @Option(names = "--no-fund", description = "do not create and fund a default key") boolean no_fund;
        @Option(names = "--set", description = "node.json NUMERIC_FIELD=VALUE for every node of a new devnet (repeatable); see 'dcloud node config-help'")
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        @Option(names = "--genesis-param", description = "genesis parameter NAME=VALUE of a new devnet (repeatable), e.g. epoch_length_s=10")
        java.util.Map<String, String> genesis_params = new java.util.TreeMap<>();

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            DevnetProcesses devnet = processes(cli);
            long have_validators = devnet.nodes().stream().filter(DevnetCommand::isValidator).count();
            long have_storage = devnet.nodes().stream().filter(DevnetCommand::isStorageNode).count();
            long have_compute = devnet.nodes().stream().filter(DevnetCommand::isComputeNode).count();
            var parsed = spec.commandLine().getParseResult();
            boolean differs = (have_validators != validators && parsed.hasMatchedOption("--validators"))
                    || (have_storage != storage_nodes && parsed.hasMatchedOption("--storage-nodes"))
                    || (have_compute != compute_nodes && parsed.hasMatchedOption("--compute-nodes"));
            if (devnet.initialized() && differs) {
                throw new IllegalArgumentException("the devnet in " + devnet.dir() + " has " + have_validators + " validators, " + have_storage
                        + " storage and " + have_compute + " compute nodes; run 'dcloud devnet down --purge' first to make another");
            }
            if (!devnet.initialized()) {
                devnet.init(validators, storage_nodes, compute_nodes, base_port, block_interval_ms, settings, genesis_params);
                System.err.println("created devnet with " + validators + " validator(s), " + storage_nodes + " storage node(s) and "
                        + compute_nodes + " compute node(s) in " + devnet.dir());
            }
            for (String node : devnet.nodes()) {
                devnet.start(node);
            }
            awaitReady(devnet);
            String url = apiUrl(devnet.home("n0"));
            cli.config().withNodeUrl(url).save(cli.home());
            if (!no_fund) {
                fundDefaultKey(cli, url);
            }
            DevnetProviders.register(devnet, new NodeClient(url));
            printStatus(cli, devnet);
            return 0;
        }

        private static void fundDefaultKey(Cli cli, String url) throws Exception {
            String name = cli.config().defaultKey();
            if (name == null) {
                name = "default";
                KeyStore.StoredKey key = cli.keys().create(name, Mnemonic.generate(new SecureRandom()));
                cli.config().withDefaultKey(name).save(cli.home());
                System.err.println("created key 'default' (" + key.account() + "); its mnemonic: " + key.mnemonic());
            }
            String account = cli.keys().get(name).account();
            JsonNode result = new NodeClient(url).faucet(account, "1000");
            System.err.println("faucet: minted 1000 DCT to '" + name + "' (" + account + "): " + result.path("status").asText()
                    + " at height " + result.path("height").asLong());
        }
    }

    static void printStatus(Cli cli, DevnetProcesses devnet) throws Exception {
        ArrayNode nodes = NodeClient.JSON.createArrayNode();
        StringBuilder human = new StringBuilder(String.format("%-5s %-8s %-9s %-8s %-18s %s%n", "NODE", "PID", "ROLE", "HEIGHT", "STATE HASH", "API"));
        for (String node : devnet.nodes()) {
            ObjectNode status = nodeStatus(devnet, node);
            nodes.add(status);
            String hash = status.path("state_hash").asText("");
            human.append(String.format("%-5s %-8s %-9s %-8s %-18s %s%n", node, status.path("pid").asText("-"), status.path("role").asText(),
                    status.path("height").asText("-"), hash.length() > 16 ? hash.substring(0, 16) : "-", status.path("api_url").asText()));
        }
        cli.print(NodeClient.JSON.createObjectNode().put("dir", devnet.dir().toString()).set("nodes", nodes), human.toString().stripTrailing());
    }

    @Command(name = "status", description = "Every devnet node with its role, height and state hash.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            DevnetProcesses devnet = processes(cli);
            if (!devnet.initialized()) {
                throw new IllegalArgumentException("no devnet in " + devnet.dir() + ": start one with 'dcloud devnet up'");
            }
            printStatus(cli, devnet);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every devnet node (SIGTERM); --purge also deletes its data.")
    static final class Down implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--purge", description = "delete the devnet's keys, genesis and data") boolean purge;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            DevnetProcesses devnet = processes(cli);
            for (String node : devnet.nodes()) {
                System.err.println(node + (devnet.stop(node, 10_000) ? ": stopped" : ": not running"));
            }
            if (purge && Files.exists(devnet.dir())) {
                try (var paths = Files.walk(devnet.dir())) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
                System.err.println("deleted " + devnet.dir());
            }
            return 0;
        }
    }

    @Command(name = "kill", description = "Fault drill: kill -9 one devnet node.")
    static final class Kill implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NODE", description = "n0, n1, ... (validators), s0, s1, ... (storage nodes) or c0, c1, ... (compute nodes)") String node;

        @Override
        public Integer call() throws Exception {
            boolean killed = processes(Cli.of(spec)).kill(node);
            System.err.println(node + (killed ? ": killed (SIGKILL)" : ": was not running"));
            return 0;
        }
    }

    @Command(name = "start", description = "Start (killed or stopped) devnet nodes again; returns once each answers on its API.")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NODE", arity = "1..*", description = "n0.., s0.., c0..") List<String> nodes;

        @Override
        public Integer call() throws Exception {
            DevnetProcesses devnet = processes(Cli.of(spec));
            // All start before any is awaited: their JVMs start side by side, and no node stays down for the others' starts.
            for (String node : nodes) {
                devnet.home(node); // names every unknown node before any starts
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            for (String node : nodes) {
                pids.put(node, devnet.start(node));
            }
            for (String node : nodes) {
                awaitNodeReady(devnet, node);
                System.err.println(node + ": running, pid " + pids.get(node));
            }
            return 0;
        }
    }
}
