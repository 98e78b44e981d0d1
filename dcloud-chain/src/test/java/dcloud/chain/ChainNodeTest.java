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

    static final KeyPair VALIDATOR = key(1);
    static final KeyPair ALICE = key(2);
    static final Genesis GENESIS = new Genesis("unit-chain", Genesis.NETWORK_DEVNET, 1_000L, key(4).publicKey(), 1_000_000L,
            List.of(new Genesis.Validator("n0", VALIDATOR.publicKey())),
            List.of(new Genesis.Allocation(Account.of(ALICE.publicKey()), 10_000_000_000L)));
    static final ChainNode.Settings SETTINGS = new ChainNode.Settings(100, 20, 1000, 1000, 1000, dcloud.chain.consensus.RatisConsensus.Settings.defaults());

    static SignedTx transferTo(Account to, long e9s) {
        return SignedTx.sign(ALICE, "unit-chain", System.currentTimeMillis() * 1_000_000L, new Transfer(null, to, e9s, OptionalLong.empty(), new byte[0]));
    }

    /** Admits {@code tx}, retrying while the single node has not yet become leader (bounded: 20 s). */
    static void admitOnLeader(ChainNode node, SignedTx tx) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Admission admission = node.admit(tx);
        while (admission.status() == Admission.Status.NOT_LEADER && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            admission = node.admit(tx);
        }
        assertThat(admission.status()).isEqualTo(Admission.Status.ACCEPTED);
    }

    @Test
    void aSingleNodeCommitsATransferAndKeepsItAcrossARestart() throws Exception {
        Account bob = Account.of(key(3).publicKey());
        List<Peer> peers = List.of(new Peer("n0", "127.0.0.1", freePort(), freePort()));
        SignedTx tx = transferTo(bob, 2_000_000_000L);
        try (ChainNode node = new ChainNode(GENESIS, "n0", VALIDATOR, peers, temp, Clock.systemUTC(), SETTINGS)) {
            admitOnLeader(node, tx);
            TxRecord record = node.awaitCommit(tx.hash(), 10_000).get();
            assertThat(record).isNotNull();
            assertThat(record.result().status()).isEqualTo(TxStatus.OK);
            assertThat(TokenState.balance(node.store(), bob)).isEqualTo(2_000_000_000L);
        }
        try (ChainNode again = new ChainNode(GENESIS, "n0", VALIDATOR, peers, temp, Clock.systemUTC(), SETTINGS)) {
            assertThat(TokenState.balance(again.store(), bob)).isEqualTo(2_000_000_000L);
            assertThat(again.store().tx(tx.hash()).result().ok()).isTrue();
        }
    }

    @Test
    void oneCallersShortWaitDoesNotEndAnotherCallersLongWaitForTheSameTx() throws Exception {
        List<Peer> peers = List.of(new Peer("n0", "127.0.0.1", freePort(), freePort()));
        SignedTx tx = transferTo(Account.of(key(5).publicKey()), 1_000_000_000L);
        try (ChainNode node = new ChainNode(GENESIS, "n0", VALIDATOR, peers, temp, Clock.systemUTC(), SETTINGS)) {
            java.util.concurrent.CompletableFuture<TxRecord> patient = node.awaitCommit(tx.hash(), 20_000);
            java.util.concurrent.CompletableFuture<TxRecord> hasty = node.awaitCommit(tx.hash(), 50);

            assertThat(hasty.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the short wait ends with no record").isNull();
            assertThat(patient).as("the long wait goes on").isNotDone();

            admitOnLeader(node, tx);
            assertThat(patient.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("the long wait hears of the commit").isNotNull();
        }
    }

    @Test
    void aWaitingTxIsCommittedSoonAfterItArrivesNotAtTheNextBlockInterval() throws Exception {
        List<Peer> peers = List.of(new Peer("n0", "127.0.0.1", freePort(), freePort()));
        ChainNode.Settings minute_blocks = new ChainNode.Settings(60_000, 20, 1000, 1000, 1000, dcloud.chain.consensus.RatisConsensus.Settings.defaults());
        SignedTx tx = transferTo(Account.of(key(6).publicKey()), 1_000_000_000L);
        try (ChainNode node = new ChainNode(GENESIS, "n0", VALIDATOR, peers, temp, Clock.systemUTC(), minute_blocks)) {
            admitOnLeader(node, tx);
            TxRecord record = node.awaitCommit(tx.hash(), 30_000).get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(record).as("committed well before the 60 s interval ends").isNotNull();
            assertThat(record.result().ok()).isTrue();
        }
    }
}
