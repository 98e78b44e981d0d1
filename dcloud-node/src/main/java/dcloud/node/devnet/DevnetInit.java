package dcloud.node.devnet;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.node.config.GenesisFile;
import dcloud.node.config.KeyFile;
import dcloud.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a local devnet: one home per validator (n0, n1, ...) with node.json, its key, the shared
 * genesis and the faucet (minting) key, and one per storage node (s0, s1, ...) with its provider key.
 * Ports: API base+i, Raft base+100+i, piece API base+200+i, all on 127.0.0.1.
 */
public final class DevnetInit {
    public static final String CHAIN_ID = "dcloud-devnet";

    private DevnetInit() {}

    public static List<Path> write(Path dir, int validators, int base_port, long block_interval_ms, List<Genesis.Allocation> allocations)
            throws IOException {
        return write(dir, validators, base_port, block_interval_ms, allocations, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * Devnet storage nodes re-check every piece each ten epochs, so a fault drill (a flipped byte)
     * shows within minutes, at an eighth of the default rate: eight of them share one machine. At 2
     * minutes and 8 MiB/s a devnet holding 10 GiB scrubbed without pause, 16 CPU-seconds a minute.
     */
    static final long DEVNET_SCRUB_INTERVAL_MS = 600_000;
    static final long DEVNET_SCRUB_BYTES_PER_SECOND = 4L << 20;
    /** Devnet parameters: shorter reward epochs and voting periods than mainnet, so a person sees them turn. */
    public static final java.util.Map<String, Long> DEVNET_PARAMS = java.util.Map.of("epoch_length_s", 60L, "gov_voting_period_s", 120L);

    /** {@code settings}: node.json fields (by JSON name) to set on every node, e.g. snapshot_interval_entries. */
    public static List<Path> write(Path dir, int validators, int base_port, long block_interval_ms, List<Genesis.Allocation> allocations,
                                   java.util.Map<String, String> settings, java.util.Map<String, Long> genesis_params) throws IOException {
        return write(dir, validators, 0, base_port, block_interval_ms, allocations, settings, genesis_params);
    }

    /** Each storage node gets a provider key (a mnemonic file) funded in genesis with {@link #STORAGE_PROVIDER_E9S}. */
    public static final long STORAGE_PROVIDER_E9S = 1_000_000_000_000L;
    public static final int STORAGE_NODES_MAX = 40;

    public static List<Path> write(Path dir, int validators, int storage_nodes, int base_port, long block_interval_ms,
                                   List<Genesis.Allocation> allocations, java.util.Map<String, String> settings,
                                   java.util.Map<String, Long> genesis_params) throws IOException {
        return write(dir, validators, storage_nodes, 0, base_port, block_interval_ms, allocations, settings, genesis_params);
    }

    public static final int COMPUTE_NODES_MAX = 8;

    /**
     * Validators n0.., storage nodes s0.. and compute nodes c0..; every storage and compute node gets
     * a provider key funded in genesis. Compute node i serves the domain {@code c<i>.dcloud.localhost}
     * and publishes the offerings in its home's offerings.yaml (wasm and process).
     */
    public static List<Path> write(Path dir, int validators, int storage_nodes, int compute_nodes, int base_port, long block_interval_ms,
                                   List<Genesis.Allocation> allocations, java.util.Map<String, String> settings,
                                   java.util.Map<String, Long> genesis_params) throws IOException {
        if (compute_nodes < 0 || compute_nodes > COMPUTE_NODES_MAX) {
            throw new IllegalArgumentException("--compute-nodes must be between 0 and " + COMPUTE_NODES_MAX);
        }
        if (validators < 1 || validators > 7) {
            throw new IllegalArgumentException("--validators must be between 1 and 7");
        }
        if (storage_nodes < 0 || storage_nodes > STORAGE_NODES_MAX) {
            throw new IllegalArgumentException("--storage-nodes must be between 0 and " + STORAGE_NODES_MAX);
        }
        SecureRandom random = new SecureRandom();
        List<String> storage_mnemonics = new ArrayList<>();
        List<Genesis.Allocation> funded = new ArrayList<>(allocations);
        for (int i = 0; i < storage_nodes + compute_nodes; i++) {
            String mnemonic = dcloud.core.crypto.Mnemonic.generate(random);
            storage_mnemonics.add(mnemonic);
            KeyPair provider = dcloud.core.crypto.KeyDerivation.accountKey(dcloud.core.crypto.Mnemonic.toSeed(mnemonic, ""), 0);
            funded.add(new Genesis.Allocation(Account.of(provider.publicKey()), STORAGE_PROVIDER_E9S));
        }
        allocations = funded;
        KeyPair faucet = KeyPair.generate(random);
        List<KeyPair> keys = new ArrayList<>();
        List<Genesis.Validator> genesis_validators = new ArrayList<>();
        List<NodeConfig.PeerJson> peers = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            KeyPair key = KeyPair.generate(random);
            keys.add(key);
            genesis_validators.add(new Genesis.Validator("n" + i, key.publicKey()));
            peers.add(new NodeConfig.PeerJson("n" + i, "127.0.0.1", base_port + 100 + i, base_port + i));
        }
        java.util.TreeMap<String, Long> params = new java.util.TreeMap<>(DEVNET_PARAMS);
        params.putAll(genesis_params);
        long now_ns = System.currentTimeMillis() * 1_000_000L;
        Genesis genesis = new Genesis(CHAIN_ID, Genesis.NETWORK_DEVNET, now_ns, faucet.publicKey(), Genesis.FEE_E9S_DEFAULT,
                genesis_validators, allocations, params);
        String genesis_invalid = genesis.validate();
        if (genesis_invalid != null) {
            throw new IllegalArgumentException("genesis: " + genesis_invalid);
        }
        List<Path> homes = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            Path home = dir.resolve("n" + i);
            Files.createDirectories(home);
            GenesisFile.write(home.resolve("genesis.json"), genesis);
            KeyFile.write(home.resolve("validator_key.json"), keys.get(i));
            KeyFile.write(home.resolve("faucet_key.json"), faucet);
            NodeConfig config = new NodeConfig("n" + i, "genesis.json", "validator_key.json", "faucet_key.json", "127.0.0.1",
                    base_port + i, peers, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null).withDefaults().with("block_interval_ms", block_interval_ms);
            for (java.util.Map.Entry<String, String> setting : new java.util.TreeMap<>(settings).entrySet()) {
                config = config.with(setting.getKey(), Long.parseLong(setting.getValue()));
            }
            String invalid = config.validate();
            if (invalid != null) {
                throw new IllegalArgumentException(invalid);
            }
            config.save(home);
            homes.add(home);
        }
        String ledger_urls = String.join(",", peers.stream().map(p -> "http://" + p.host() + ":" + p.apiPort()).toList());
        for (int i = 0; i < storage_nodes; i++) {
            homes.add(writeStorageHome(dir.resolve("s" + i), "s" + i, storage_mnemonics.get(i), base_port + 200 + i, ledger_urls, settings));
        }
        for (int i = 0; i < compute_nodes; i++) {
            homes.add(DevnetCompute.writeHome(dir.resolve("c" + i), i, storage_mnemonics.get(storage_nodes + i), base_port, ledger_urls));
        }
        return homes;
    }

    private static Path writeStorageHome(Path home, String id, String mnemonic, int port, String ledger_urls,
                                         java.util.Map<String, String> settings) throws IOException {
        Files.createDirectories(home);
        KeyFile.writeMnemonic(home.resolve("provider_key.json"), id, mnemonic);
        NodeConfig config = NodeConfig.load(home.getParent().resolve("n0")).with("node_id", id).with("roles", List.of(NodeConfig.ROLE_STORAGE))
                .with("faucet_key_file", null).with("provider_key_file", "provider_key.json").with("ledger_api_url", ledger_urls)
                .with("storage_port", port).with("storage_public_url", "http://127.0.0.1:" + port).with("peers", List.of())
                .with("storage_scrub_interval_ms", DEVNET_SCRUB_INTERVAL_MS).with("storage_scrub_bytes_per_second", DEVNET_SCRUB_BYTES_PER_SECOND);
        for (java.util.Map.Entry<String, String> setting : new java.util.TreeMap<>(settings).entrySet()) {
            if (setting.getKey().startsWith("storage_")) {
                config = config.with(setting.getKey(), Long.parseLong(setting.getValue()));
            }
        }
        String invalid = config.validate();
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        config.save(home);
        return home;
    }

    public static Account faucetAccount(Path dir) throws IOException {
        return Account.of(KeyFile.read(dir.resolve("n0").resolve("faucet_key.json")).publicKey());
    }
}
