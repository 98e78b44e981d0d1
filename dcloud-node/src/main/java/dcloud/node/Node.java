package dcloud.node;

import dcloud.chain.ChainNode;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.node.api.ApiServer;
import dcloud.node.config.GenesisFile;
import dcloud.node.config.KeyFile;
import dcloud.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon with its validator role: chain plus HTTP API, started from a home directory. */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private final ChainNode chain;
    private final ApiServer api;
    private final dcloud.node.provider.CheckInAgent check_in;

    public Node(Path home, Clock clock) throws IOException {
        NodeConfig config = NodeConfig.load(home);
        String invalid = config.validate();
        if (invalid != null) {
            throw new IOException(home.resolve("node.json") + ": " + invalid);
        }
        Genesis genesis = GenesisFile.read(home.resolve(config.genesisFile()));
        KeyPair validator = KeyFile.read(home.resolve(config.validatorKeyFile()));
        KeyPair faucet = config.faucetKeyFile() == null ? null : KeyFile.read(home.resolve(config.faucetKeyFile()));
        if (faucet != null && !genesis.isDevnet()) {
            throw new IOException("faucet_key_file is set but the network is '" + genesis.network() + "': the faucet exists only on devnets");
        }
        this.chain = new ChainNode(genesis, config.nodeId(), validator, config.peerList(), home.resolve("data"), clock, config.chainSettings());
        try {
            this.api = new ApiServer(chain, faucet, config.apiHost(), config.apiPort(), config.requestSizeBytesMax(), config.commitWaitMsMax());
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
        if (config.providerKeyFile() != null) {
            KeyPair provider = KeyFile.read(home.resolve(config.providerKeyFile()));
            this.check_in = new dcloud.node.provider.CheckInAgent(chain, provider, clock, api::submit, 1000);
            log.info("event=provider_role account={}", dcloud.core.account.Account.of(provider.publicKey()));
        } else {
            this.check_in = null;
        }
        log.info("event=node_started node={} api=http://{}:{} network={}", config.nodeId(), config.apiHost(), api.port(), genesis.network());
    }

    public ChainNode chain() {
        return chain;
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        if (check_in != null) {
            check_in.close();
        }
        api.close();
        chain.close();
    }
}
