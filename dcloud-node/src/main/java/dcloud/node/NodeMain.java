package dcloud.node;

import dcloud.node.config.NodeConfig;
import dcloud.node.devnet.DevnetInit;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the daemon process: {@code node run}, {@code node init-devnet}, {@code node config-help}. */
@Command(name = "dcloud node", mixinStandardHelpOptions = true, subcommands = {NodeMain.Run.class, NodeMain.InitDevnet.class, NodeMain.ConfigHelp.class},
        description = "Run a dcloud node (validator, storage and/or compute roles) from a home directory holding node.json.")
public final class NodeMain implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "run", description = "Start the node in the foreground until SIGTERM or Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--home", required = true, description = "node home directory (node.json, genesis, keys, data)")
        Path home;

        @Override
        public Integer call() throws Exception {
            Node node = new Node(home, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "init-devnet", description = "Write the homes of a local devnet's validators.")
    static final class InitDevnet implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "devnet directory; validator homes go in DIR/n0, DIR/n1, ...")
        Path dir;

        @Option(names = "--validators", defaultValue = "1", description = "number of validators (default ${DEFAULT-VALUE})")
        int validators;

        @Option(names = "--storage-nodes", defaultValue = "0", description = "storage nodes s0, s1, ... (piece API on base+200+i), each with a funded provider key (default ${DEFAULT-VALUE})")
        int storage_nodes;
        @Option(names = "--compute-nodes", defaultValue = "0", description = "compute nodes c0, c1, ... (agent on base+300+i, HTTPS ingress base+320+i, HTTP base+340+i), each with a funded provider key (default ${DEFAULT-VALUE})")
        int compute_nodes;

        @Option(names = "--base-port", defaultValue = "7700", description = "API port of n0; Raft ports are base+100+i (default ${DEFAULT-VALUE})")
        int base_port;

        @Option(names = "--block-interval-ms", defaultValue = "1000", description = "block interval (default ${DEFAULT-VALUE})")
        long block_interval_ms;

        @Option(names = "--set", description = "node.json NUMERIC_FIELD=VALUE for every node (repeatable), e.g. snapshot_interval_entries=100")
        Map<String, String> settings = new java.util.TreeMap<>();

        @Option(names = "--genesis-param", description = "genesis parameter NAME=VALUE (repeatable), e.g. epoch_length_s=10; see 'dcloud params'")
        Map<String, Long> genesis_params = new java.util.TreeMap<>();

        @Override
        public Integer call() throws Exception {
            List<Path> homes = DevnetInit.write(dir, validators, storage_nodes, compute_nodes, base_port, block_interval_ms, List.of(), settings, genesis_params);
            homes.forEach(home -> System.out.println(home));
            return 0;
        }
    }

    @Command(name = "config-help", description = "Describe every node.json field with its default.")
    static final class ConfigHelp implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Map.Entry<String, String> field : NodeConfig.HELP.entrySet()) {
                System.out.printf("%-24s %s%n", field.getKey(), field.getValue());
            }
            for (Map.Entry<String, String> field : dcloud.node.config.ComputeConfig.HELP.entrySet()) {
                System.out.printf("%-32s %s%n", field.getKey(), field.getValue());
            }
            return 0;
        }
    }
}
