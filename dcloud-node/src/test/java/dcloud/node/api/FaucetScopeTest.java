package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.ledger.genesis.Genesis;
import dcloud.node.Node;
import dcloud.node.config.GenesisFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faucet exists only on devnets. */
class FaucetScopeTest {
    @Test
    void aMainnetNodeRefusesAFaucetKey(@TempDir Path dir) throws Exception {
        dcloud.node.devnet.DevnetInit.write(dir, 1, TestNode.freeBasePort(), 100, List.of());
        Path home = dir.resolve("n0");
        Genesis devnet = GenesisFile.read(home.resolve("genesis.json"));
        GenesisFile.write(home.resolve("genesis.json"), new Genesis("dcloud-main", Genesis.NETWORK_MAINNET, 0, new byte[32],
                devnet.transferFeeE9s(), devnet.validators(), List.of()));
        assertThatThrownBy(() -> new Node(home, Clock.systemUTC()).close())
                .hasMessageContaining("the faucet exists only on devnets");
    }

    @Test
    void aMainnetGenesisAllocatesNothing() {
        Genesis genesis = new Genesis("dcloud-main", Genesis.NETWORK_MAINNET, 0, new byte[32], 1_000_000L,
                List.of(new Genesis.Validator("n0", new byte[32])),
                List.of(new Genesis.Allocation(dcloud.core.account.Account.of(new byte[32]), 1)));
        assertThat(genesis.validate()).contains("a mainnet genesis allocates nothing");
    }
}
