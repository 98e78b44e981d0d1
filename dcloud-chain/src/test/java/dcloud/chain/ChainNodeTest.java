package dcloud.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.chain.consensus.Peer;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.store.TxRecord;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TxStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainNodeTest {
    @TempDir
    Path temp;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static KeyPair key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return KeyPair.fromPrivateKey(bytes);
    }

    @Test
    void aSingleNodeCommitsATransferAndKeepsItAcrossARestart() throws Exception {
        KeyPair validator = key(1);
        KeyPair alice = key(2);
        Account bob = Account.of(key(3).publicKey());
        Genesis genesis = new Genesis("unit-chain", Genesis.NETWORK_DEVNET, 1_000L, key(4).publicKey(), 1_000_000L,
                List.of(new Genesis.Validator("n0", validator.publicKey())),
                List.of(new Genesis.Allocation(Account.of(alice.publicKey()), 10_000_000_000L)));
        List<Peer> peers = List.of(new Peer("n0", "127.0.0.1", freePort(), freePort()));
        ChainNode.Settings settings = new ChainNode.Settings(100, 1000, 1000, 1000, dcloud.chain.consensus.RatisConsensus.Settings.defaults());
        SignedTx tx = SignedTx.sign(alice, "unit-chain", System.currentTimeMillis() * 1_000_000L,
                new Transfer(null, bob, 2_000_000_000L, OptionalLong.empty(), new byte[0]));
        try (ChainNode node = new ChainNode(genesis, "n0", validator, peers, temp, Clock.systemUTC(), settings)) {
            long deadline = System.currentTimeMillis() + 20_000;
            Admission admission = node.admit(tx);
            while (admission.status() == Admission.Status.NOT_LEADER && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                admission = node.admit(tx);
            }
            assertThat(admission.status()).isEqualTo(Admission.Status.ACCEPTED);
            TxRecord record = node.awaitCommit(tx.hash(), 10_000).get();
            assertThat(record).isNotNull();
            assertThat(record.result().status()).isEqualTo(TxStatus.OK);
            assertThat(TokenState.balance(node.store(), bob)).isEqualTo(2_000_000_000L);
        }
        try (ChainNode again = new ChainNode(genesis, "n0", validator, peers, temp, Clock.systemUTC(), settings)) {
            assertThat(TokenState.balance(again.store(), bob)).isEqualTo(2_000_000_000L);
            assertThat(again.store().tx(tx.hash()).result().ok()).isTrue();
        }
    }

    @Test
    void oneCallersShortWaitDoesNotEndAnotherCallersLongWaitForTheSameTx() throws Exception {
        KeyPair validator = key(1);
        KeyPair alice = key(2);
        Genesis genesis = new Genesis("unit-chain", Genesis.NETWORK_DEVNET, 1_000L, key(4).publicKey(), 1_000_000L,
                List.of(new Genesis.Validator("n0", validator.publicKey())),
                List.of(new Genesis.Allocation(Account.of(alice.publicKey()), 10_000_000_000L)));
        List<Peer> peers = List.of(new Peer("n0", "127.0.0.1", freePort(), freePort()));
        ChainNode.Settings settings = new ChainNode.Settings(100, 1000, 1000, 1000, dcloud.chain.consensus.RatisConsensus.Settings.defaults());
        SignedTx tx = SignedTx.sign(alice, "unit-chain", System.currentTimeMillis() * 1_000_000L,
                new Transfer(null, Account.of(key(5).publicKey()), 1_000_000_000L, OptionalLong.empty(), new byte[0]));
        try (ChainNode node = new ChainNode(genesis, "n0", validator, peers, temp, Clock.systemUTC(), settings)) {
            java.util.concurrent.CompletableFuture<TxRecord> patient = node.awaitCommit(tx.hash(), 20_000);
            java.util.concurrent.CompletableFuture<TxRecord> hasty = node.awaitCommit(tx.hash(), 50);

            assertThat(hasty.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the short wait ends with no record").isNull();
            assertThat(patient).as("the long wait goes on").isNotDone();

            long deadline = System.currentTimeMillis() + 20_000;
            Admission admission = node.admit(tx);
            while (admission.status() == Admission.Status.NOT_LEADER && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                admission = node.admit(tx);
            }
            assertThat(admission.status()).isEqualTo(Admission.Status.ACCEPTED);
            assertThat(patient.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("the long wait hears of the commit").isNotNull();
        }
    }
}
