package dcloud.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dcloud.chain.ChainNode;
import dcloud.chain.consensus.Peer;
import dcloud.chain.consensus.RatisConsensus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * node.json in the node's home directory. Every field has a dev default and help text
 * ({@link #HELP}, printed by {@code dcloud node config-help}); paths are relative to the home.
 */
public record NodeConfig(
        @JsonProperty("node_id") String nodeId,
        @JsonProperty("genesis_file") String genesisFile,
        @JsonProperty("validator_key_file") String validatorKeyFile,
        @JsonProperty("faucet_key_file") String faucetKeyFile,
        @JsonProperty("api_host") String apiHost,
        @JsonProperty("api_port") Integer apiPort,
        @JsonProperty("peers") List<PeerJson> peers,
        @JsonProperty("block_interval_ms") Long blockIntervalMs,
        @JsonProperty("block_batch_wait_ms") Long blockBatchWaitMs,
        @JsonProperty("block_txs_max") Integer blockTxsMax,
        @JsonProperty("mempool_txs_max") Integer mempoolTxsMax,
        @JsonProperty("request_size_bytes_max") Integer requestSizeBytesMax,
        @JsonProperty("commit_wait_ms_max") Long commitWaitMsMax,
        @JsonProperty("election_timeout_min_ms") Long electionTimeoutMinMs,
        @JsonProperty("snapshot_interval_entries") Long snapshotIntervalEntries,
        @JsonProperty("raft_segment_size_bytes_max") Long raftSegmentSizeBytesMax,
        @JsonProperty("provider_key_file") String providerKeyFile,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("ledger_api_url") String ledgerApiUrl,
        @JsonProperty("storage_dir") String storageDir,
        @JsonProperty("storage_capacity_bytes") Long storageCapacityBytes,
        @JsonProperty("storage_host") String storageHost,
        @JsonProperty("storage_port") Integer storagePort,
        @JsonProperty("storage_public_url") String storagePublicUrl,
        @JsonProperty("storage_price_per_gib_epoch_e9s") Long storagePricePerGibEpochE9s,
        @JsonProperty("storage_egress_price_per_gib_e9s") Long storageEgressPricePerGibE9s,
        @JsonProperty("storage_proof_interval_ms") Long storageProofIntervalMs,
        @JsonProperty("storage_scrub_interval_ms") Long storageScrubIntervalMs,
        @JsonProperty("storage_scrub_bytes_per_second") Long storageScrubBytesPerSecond,
        @JsonProperty("compute") ComputeConfig compute) {

    public static final String ROLE_VALIDATOR = "validator";
    public static final String ROLE_STORAGE = "storage";
    public static final String ROLE_COMPUTE = "compute";

    public record PeerJson(@JsonProperty("id") String id, @JsonProperty("host") String host,
                           @JsonProperty("raft_port") int raftPort, @JsonProperty("api_port") int apiPort) {}

    public static final Map<String, String> HELP = new java.util.LinkedHashMap<>();

    static {
        HELP.put("node_id", "this validator's id; must be one of 'peers' and of the genesis validators (default n0)");
        HELP.put("genesis_file", "the chain's genesis, identical on every validator (default genesis.json)");
        HELP.put("validator_key_file", "this validator's Ed25519 key; it signs the blocks this node proposes (default validator_key.json)");
        HELP.put("faucet_key_file", "devnet only: the minting account key the faucet signs with (default: none, faucet off)");
        HELP.put("api_host", "address the HTTP API binds to (default 127.0.0.1)");
        HELP.put("api_port", "port of the HTTP API (default 7700)");
        HELP.put("peers", "every validator: id, host, raft_port, api_port (default: this node alone)");
        HELP.put("block_interval_ms", "longest time between blocks on the leader; with no tx waiting the block is empty, so ledger time moves (default 1000)");
        HELP.put("block_batch_wait_ms", "how soon after the previous block the leader cuts the next one once a tx waits, so txs arriving together share a block; at most block_interval_ms (default 50)");
        HELP.put("block_txs_max", "transactions per block at most (default 10000, limit 20000)");
        HELP.put("mempool_txs_max", "pending transactions at most, and at most 4 KiB times this many bytes; beyond it submissions get 'busy' (default 50000)");
        HELP.put("request_size_bytes_max", "largest HTTP request body accepted (default 4194304)");
        HELP.put("commit_wait_ms_max", "longest a submit call, or a GET /api/v1/txs/{hash}?wait_ms=..., waits for a commit (default 30000)");
        HELP.put("election_timeout_min_ms", "Raft election timeout lower bound; the upper is twice it (default 1000)");
        HELP.put("snapshot_interval_entries", "take a snapshot (RocksDB checkpoint) every this many Raft log entries and purge the log before it (default 10000)");
        HELP.put("provider_key_file", "a registered provider's key (node key file or a 'dcloud keys' file); the node then checks in every reward epoch (default: none)");
        HELP.put("raft_segment_size_bytes_max", "size of one Raft log segment file; only closed segments are purged (default 67108864)");
        HELP.put("roles", "what this node does: 'validator' (replicates the ledger, serves the API), 'storage' (holds pieces, proves them each epoch), 'compute' (runs rented workloads behind an ingress router), or several (default [validator])");
        HELP.put("compute", "compute role: an object with the agent's, ingress's and workloads' settings (compute.* below)");
        HELP.put("ledger_api_url", "the validator API a node without the validator role reads and submits through (default: this node's own API)");
        HELP.put("storage_dir", "storage role: where pieces and their index live (default storage)");
        HELP.put("storage_capacity_bytes", "storage role: bytes offered to contracts; uploads beyond it are refused as 'full' (default 10737418240)");
        HELP.put("storage_host", "storage role: address the piece API binds to (default 127.0.0.1)");
        HELP.put("storage_port", "storage role: port of the piece API (default 7900)");
        HELP.put("storage_public_url", "storage role: the URL registered on the ledger for clients (default http://storage_host:storage_port)");
        HELP.put("storage_price_per_gib_epoch_e9s", "storage role: price of storing 1 GiB for one epoch, in e9s (default 10000000 = 0.01 DCT)");
        HELP.put("storage_egress_price_per_gib_e9s", "storage role: price of 1 GiB downloaded, in e9s (default 10000000 = 0.01 DCT)");
        HELP.put("storage_proof_interval_ms", "storage role: how often the prover looks for contracts to prove (default 2000)");
        HELP.put("storage_scrub_interval_ms", "storage role: every stored piece is re-read and checked chunk by chunk once per this interval; a damaged piece is deleted so repair replaces it (default 604800000 = 7 days; devnet 600000)");
        HELP.put("storage_scrub_bytes_per_second", "storage role: the scrub reads at most this many bytes per second (default 33554432 = 32 MiB/s; devnet 4194304)");
    }

    public static NodeConfig load(Path home) throws IOException {
        Path file = home.resolve("node.json");
        if (!Files.exists(file)) {
            throw new IOException("no node.json in " + home + " (create one, or run 'dcloud devnet up')");
        }
        return Json.MAPPER.readValue(file.toFile(), NodeConfig.class).withDefaults();
    }

    public void save(Path home) throws IOException {
        Files.createDirectories(home);
        Json.MAPPER.writeValue(home.resolve("node.json").toFile(), this);
    }

    /** A copy with one field (by its JSON name) changed; the name must be a known field. */
    public NodeConfig with(String field, Object value) {
        if (!HELP.containsKey(field)) {
            throw new IllegalArgumentException("node.json has no field '" + field + "'");
        }
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.valueToTree(this);
        tree.set(field, Json.MAPPER.valueToTree(value));
        return Json.MAPPER.convertValue(tree, NodeConfig.class);
    }

    public NodeConfig withDefaults() {
        String id = nodeId == null ? "n0" : nodeId;
        int api = apiPort == null ? 7700 : apiPort;
        String host = apiHost == null ? "127.0.0.1" : apiHost;
        return new NodeConfig(id, or(genesisFile, "genesis.json"), or(validatorKeyFile, "validator_key.json"), faucetKeyFile,
                host, api, peers == null ? List.of(new PeerJson(id, host, api + 100, api)) : peers,
                or(blockIntervalMs, 1000L), or(blockBatchWaitMs, 50L), or(blockTxsMax, 10_000), or(mempoolTxsMax, 50_000),
                or(requestSizeBytesMax, 4 * 1024 * 1024), or(commitWaitMsMax, 30_000L), or(electionTimeoutMinMs, 1000L),
                or(snapshotIntervalEntries, 10_000L), or(raftSegmentSizeBytesMax, 64L * 1024 * 1024), providerKeyFile,
                or(roles, List.of(ROLE_VALIDATOR)), or(ledgerApiUrl, "http://" + host + ":" + api), or(storageDir, "storage"),
                or(storageCapacityBytes, 10L << 30), or(storageHost, "127.0.0.1"), or(storagePort, 7900),
                or(storagePublicUrl, "http://" + or(storageHost, "127.0.0.1") + ":" + or(storagePort, 7900)),
                or(storagePricePerGibEpochE9s, 10_000_000L), or(storageEgressPricePerGibE9s, 10_000_000L), or(storageProofIntervalMs, 2000L),
                or(storageScrubIntervalMs, 7L * 24 * 3600 * 1000), or(storageScrubBytesPerSecond, 32L << 20),
                compute == null ? ComputeConfig.defaults() : compute.withDefaults());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Names the first broken rule, or null. */
    public String validate() {
        if (blockIntervalMs < 10 || blockIntervalMs > 60_000) {
            return "block_interval_ms must be between 10 and 60000";
        }
        if (blockBatchWaitMs < 0 || blockBatchWaitMs > 60_000) {
            return "block_batch_wait_ms must be between 0 and 60000";
        }
        if (blockTxsMax < 1 || blockTxsMax > dcloud.ledger.block.Block.TX_COUNT_MAX) {
            return "block_txs_max must be between 1 and " + dcloud.ledger.block.Block.TX_COUNT_MAX;
        }
        if (mempoolTxsMax < blockTxsMax) {
            return "mempool_txs_max must be at least block_txs_max";
        }
        if (snapshotIntervalEntries < 10) {
            return "snapshot_interval_entries must be at least 10";
        }
        if (raftSegmentSizeBytesMax < 64 * 1024) {
            return "raft_segment_size_bytes_max must be at least 65536";
        }
        for (String role : roles) {
            if (!role.equals(ROLE_VALIDATOR) && !role.equals(ROLE_STORAGE) && !role.equals(ROLE_COMPUTE)) {
                return "roles: unknown role '" + role + "' (known: validator, storage, compute)";
            }
        }
        if (roles.isEmpty()) {
            return "roles must name at least one role";
        }
        if (hasRole(ROLE_STORAGE) && (providerKeyFile == null || storageCapacityBytes < 1 || storageProofIntervalMs < 100)) {
            return "the storage role needs provider_key_file, storage_capacity_bytes >= 1 and storage_proof_interval_ms >= 100";
        }
        if (hasRole(ROLE_STORAGE) && (storageScrubIntervalMs < 1000 || storageScrubBytesPerSecond < (1 << 20))) {
            return "storage_scrub_interval_ms must be at least 1000 and storage_scrub_bytes_per_second at least 1048576";
        }
        if (hasRole(ROLE_COMPUTE) && providerKeyFile == null) {
            return "the compute role needs provider_key_file (the provider account whose offerings it serves)";
        }
        if (hasRole(ROLE_COMPUTE) && compute.validate() != null) {
            return compute.validate();
        }
        if (hasRole(ROLE_VALIDATOR) && peers.stream().noneMatch(peer -> peer.id().equals(nodeId))) {
            return "node_id '" + nodeId + "' is not listed in peers";
        }
        return null;
    }

    public List<Peer> peerList() {
        return peers.stream().map(p -> new Peer(p.id(), p.host(), p.raftPort(), p.apiPort())).toList();
    }

    public ChainNode.Settings chainSettings() {
        RatisConsensus.Settings defaults = RatisConsensus.Settings.defaults();
        RatisConsensus.Settings consensus = new RatisConsensus.Settings(electionTimeoutMinMs, electionTimeoutMinMs * 2,
                defaults.client_timeout_ms(), defaults.client_retries_max(), defaults.entry_size_bytes_max(),
                snapshotIntervalEntries, raftSegmentSizeBytesMax);
        return new ChainNode.Settings(blockIntervalMs, Math.min(blockBatchWaitMs, blockIntervalMs), blockTxsMax, mempoolTxsMax, 200_000, consensus);
    }
}
