package dcloud.node.devnet;

import dcloud.node.config.ComputeConfig;
import dcloud.node.config.KeyFile;
import dcloud.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A devnet compute node's home: a funded provider key, node.json with the compute role and its own
 * ports, and an offerings file (wasm batch jobs and process services) its agent publishes once it
 * has checked it can back them. Ports, from the devnet's base port B: agent B+300+i, HTTPS ingress
 * B+320+i, HTTP ingress B+340+i, forwarded TCP ports B+400+16i .. +15.
 */
final class DevnetCompute {
    static final int TCP_PORTS_PER_NODE = 16;

    private DevnetCompute() {}

    static Path writeHome(Path home, int index, String mnemonic, int base_port, String ledger_urls) throws IOException {
        String id = "c" + index;
        Files.createDirectories(home);
        KeyFile.writeMnemonic(home.resolve("provider_key.json"), id, mnemonic);
        ComputeConfig compute = ComputeConfig.defaults().withPorts(base_port + 300 + index, base_port + 320 + index, base_port + 340 + index,
                base_port + 400 + TCP_PORTS_PER_NODE * index, TCP_PORTS_PER_NODE).withDomainAndOfferings(id + ".dcloud.localhost", "offerings.yaml");
        NodeConfig config = NodeConfig.load(home.getParent().resolve("n0")).with("node_id", id).with("roles", List.of(NodeConfig.ROLE_COMPUTE))
                .with("faucet_key_file", null).with("provider_key_file", "provider_key.json").with("ledger_api_url", ledger_urls)
                .with("peers", List.of()).with("compute", compute);
        String invalid = config.validate();
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        config.save(home);
        Files.writeString(home.resolve("offerings.yaml"), offerings(id));
        return home;
    }

    private static String offerings(String id) {
        return """
                # What this devnet compute node sells; its agent publishes these after checking it can back them.
                offerings:
                  - id: %1$s-small
                    name: 1 vCPU sandbox on devnet node %1$s
                    product_type: compute
                    vcpu: 1
                    memory_gib: 1
                    storage_type: ssd
                    storage_gib: 1
                    bandwidth_mbps: 100
                    country: CH
                    city: Zurich
                    latitude: 47.37
                    longitude: 8.54
                    price_per_hour: "0.01"
                    max_hours: 720
                    workload_kinds: [wasm, process]
                    capacity: 8
                """.formatted(id);
    }
}
