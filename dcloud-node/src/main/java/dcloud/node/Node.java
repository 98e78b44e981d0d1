package dcloud.node;

import dcloud.chain.ChainNode;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.node.api.ApiServer;
import dcloud.node.config.GenesisFile;
import dcloud.node.config.KeyFile;
import dcloud.node.config.NodeConfig;
import dcloud.node.provider.ApiCheckInLedger;
import dcloud.node.provider.ChainCheckInLedger;
import dcloud.node.provider.CheckInAgent;
import dcloud.node.provider.LedgerLink;
import dcloud.node.storage.StorageRole;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon, started from a home directory with the roles node.json names: the validator role
 * (chain plus HTTP API, and check-ins when a provider key is set) and the storage role (piece store,
 * piece API, prover), which reaches the ledger through {@code ledger_api_url}.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private final ChainNode chain;
    private final ApiServer api;
    /** How often a validator's check-in agent looks at its own chain. */
    private static final long CHAIN_CHECK_IN_POLL_MS = 1_000;
    /** How often another node's agent asks a validator (two GETs), a small load on it either way. */
    private static final long API_CHECK_IN_POLL_MS = 2_000;
    private final CheckInAgent check_in;
    private final StorageRole storage;
    private final dcloud.node.compute.ComputeRole compute;

    public Node(Path home, Clock clock) throws IOException {
        NodeConfig config = NodeConfig.load(home);
        String invalid = config.validate();
        if (invalid != null) {
            throw new IOException(home.resolve("node.json") + ": " + invalid);
        }
        KeyPair provider = config.providerKeyFile() == null ? null : KeyFile.read(home.resolve(config.providerKeyFile()));
        if (config.hasRole(NodeConfig.ROLE_VALIDATOR)) {
            this.chain = startChain(home, config, clock);
            try {
                this.api = new ApiServer(chain, faucetKey(home, config, chain.genesis()), config.apiHost(), config.apiPort(),
                        config.requestSizeBytesMax(), config.commitWaitMsMax());
            } catch (RuntimeException e) {
                chain.close();
                throw e;
            }
            this.check_in = provider == null ? null
                    : new CheckInAgent(new ChainCheckInLedger(chain, provider, clock, api::submit), clock, CHAIN_CHECK_IN_POLL_MS);
            log.info("event=node_started node={} api=http://{}:{} network={}", config.nodeId(), config.apiHost(), api.port(), chain.genesis().network());
        } else {
            this.chain = null;
            this.api = null;
            // A storage or compute node's provider checks in through the validators: every provider
            // earns its reward share, and clients can tell its node is alive.
            this.check_in = provider == null ? null : new CheckInAgent(new ApiCheckInLedger(new LedgerLink(config.ledgerApiUrl(), provider, clock)),
                    clock, API_CHECK_IN_POLL_MS);
        }
        this.storage = config.hasRole(NodeConfig.ROLE_STORAGE) ? startStorage(home, config, provider, clock) : null;
        this.compute = config.hasRole(NodeConfig.ROLE_COMPUTE) ? startCompute(home, config, provider, clock) : null;
    }

    private dcloud.node.compute.ComputeRole startCompute(Path home, NodeConfig config, KeyPair provider, Clock clock) throws IOException {
        try {
            return new dcloud.node.compute.ComputeRole(home, config.compute(), provider, config.ledgerApiUrl(), clock);
        } catch (IOException | RuntimeException e) {
            if (storage != null) {
                storage.close();
            }
            closeValidator();
            throw e;
        }
    }

    public dcloud.node.compute.ComputeRole compute() {
        return compute;
    }

    private static ChainNode startChain(Path home, NodeConfig config, Clock clock) throws IOException {
        Genesis genesis = GenesisFile.read(home.resolve(config.genesisFile()));
        KeyPair validator = KeyFile.read(home.resolve(config.validatorKeyFile()));
        return new ChainNode(genesis, config.nodeId(), validator, config.peerList(), home.resolve("data"), clock, config.chainSettings());
    }

    private static KeyPair faucetKey(Path home, NodeConfig config, Genesis genesis) throws IOException {
        KeyPair faucet = config.faucetKeyFile() == null ? null : KeyFile.read(home.resolve(config.faucetKeyFile()));
        if (faucet != null && !genesis.isDevnet()) {
            throw new IOException("faucet_key_file is set but the network is '" + genesis.network() + "': the faucet exists only on devnets");
        }
        return faucet;
    }

    private StorageRole startStorage(Path home, NodeConfig config, KeyPair provider, Clock clock) throws IOException {
        StorageRole.Settings settings = new StorageRole.Settings(home.resolve(config.storageDir()), config.storageCapacityBytes(),
                config.storageHost(), config.storagePort(), config.storagePublicUrl(), config.storagePricePerGibEpochE9s(),
                config.storageEgressPricePerGibE9s(), config.storageProofIntervalMs(), config.storageScrubIntervalMs(),
                config.storageScrubBytesPerSecond(), config.ledgerApiUrl());
        try {
            return new StorageRole(settings, provider, clock);
        } catch (IOException | RuntimeException e) {
            closeValidator();
            throw e;
        }
    }

    public ChainNode chain() {
        return chain;
    }

    public int apiPort() {
        return api.port();
    }

    public StorageRole storage() {
        return storage;
    }

    private void closeValidator() {
        if (check_in != null) {
            check_in.close();
        }
        if (api != null) {
            api.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Override
    public void close() {
        if (compute != null) {
            compute.close();
        }
        if (storage != null) {
            storage.close();
        }
        closeValidator();
    }
}
