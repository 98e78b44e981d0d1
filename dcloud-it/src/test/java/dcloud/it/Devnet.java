package dcloud.it;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Main;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.cli.keys.KeyStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A devnet of real node processes, driven through the real `dcloud` CLI and the HTTP API. */
final class Devnet implements AutoCloseable {
    final Path home;
    final int base_port;
    final int validators;

    Devnet(Path home, int validators, long block_interval_ms, String... extra) throws Exception {
        this.home = home;
        this.validators = validators;
        this.base_port = freeBasePort();
        List<String> args = new ArrayList<>(List.of("devnet", "up", "--validators", String.valueOf(validators), "--base-port",
                String.valueOf(base_port), "--block-interval-ms", String.valueOf(block_interval_ms)));
        args.addAll(List.of(extra));
        int code = cli(args.toArray(new String[0]));
        if (code != 0) {
            dumpLogs();
            cli("devnet", "down"); // no test closes a devnet it never got: stop the nodes that did start
            throw new IllegalStateException("devnet up failed with exit code " + code);
        }
    }

    int cli(String... args) {
        return Main.run(withHome(args));
    }

    private String[] withHome(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    /** A CLI command's exit code and what it printed on stderr, to name why it failed in an assertion. */
    record CliRun(int exit, String err) {
    }

    CliRun cliRun(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit;
        try (java.io.PrintWriter writer = new java.io.PrintWriter(err, true)) {
            exit = Main.run(writer, withHome(args));
        }
        System.err.print(err);
        return new CliRun(exit, err.toString());
    }

    Path storageHome(int node) {
        return home.resolve("devnet").resolve("s" + node);
    }

    Path computeHome(int node) {
        return home.resolve("devnet").resolve("c" + node);
    }

    Path nodeHome(int node) {
        return home.resolve("devnet").resolve("n" + node);
    }

    NodeClient client(int node) {
        return new NodeClient("http://127.0.0.1:" + (base_port + node));
    }

    KeyStore.StoredKey key(String name) throws Exception {
        return new KeyStore(home).get(name);
    }

    /** The node that leads, as every reachable node agrees, within {@code timeout_ms}. */
    int leader(long timeout_ms) throws Exception {
        long deadline = System.currentTimeMillis() + timeout_ms;
        while (System.currentTimeMillis() < deadline) {
            for (int i = 0; i < validators; i++) {
                try {
                    JsonNode status = client(i).status();
                    if (status.path("role").asText().equals("leader")) {
                        return i;
                    }
                } catch (ApiException down) {
                    // try the next node
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader within " + timeout_ms + " ms");
    }

    /** Waits until node {@code i} answers at a height of at least {@code height}. */
    void awaitHeight(int i, long height, long timeout_ms) throws Exception {
        long deadline = System.currentTimeMillis() + timeout_ms;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (client(i).status().path("height").asLong() >= height) {
                    return;
                }
            } catch (ApiException starting) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node n" + i + " did not reach height " + height + " within " + timeout_ms + " ms");
    }

    /**
     * A base port whose devnet ports (base to base + 447) are free and lie below the kernel's range
     * for outgoing connections' source ports: a port in that range can be taken by any connection
     * while its node is down for a restart, and the node would fail to bind it again.
     */
    static int freeBasePort() throws Exception {
        int ephemeral_low = ephemeralPortLow();
        int span = Math.max(1, ephemeral_low - PORT_LOW - 500);
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = PORT_LOW + random.nextInt(span);
            boolean free = true;
            for (int offset : new int[] {0, 1, 2, 100, 101, 102, 200, 201, 202, 203, 204, 205, 206, 207, 300, 301, 302, 320, 321, 322, 340, 341,
                    342, 400, 416, 432}) {
                try (ServerSocket probe = new ServerSocket(base + offset)) {
                    probe.getLocalPort();
                } catch (java.io.IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    static final int PORT_LOW = 10_000;

    /** The low end of /proc/sys/net/ipv4/ip_local_port_range (32768, Linux's default, when unreadable). */
    static int ephemeralPortLow() {
        try {
            String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Prints every node log, so a failed CI run shows why. */
    void dumpLogs() {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            nodes.add("n" + i);
        }
        for (int i = 0; java.nio.file.Files.exists(home.resolve("devnet").resolve("s" + i)); i++) {
            nodes.add("s" + i);
        }
        for (int i = 0; java.nio.file.Files.exists(home.resolve("devnet").resolve("c" + i)); i++) {
            nodes.add("c" + i);
        }
        for (String node : nodes) {
            Path log = home.resolve("devnet").resolve(node).resolve("node.log");
            try {
                String text = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "(none)";
                System.err.println("==== " + node + " node.log ====\n" + (text.length() > 20_000 ? "..." + text.substring(text.length() - 20_000) : text));
            } catch (java.io.IOException e) {
                System.err.println("cannot read " + log + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        cli("devnet", "down");
    }
}
