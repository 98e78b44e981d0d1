package dcloud.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.EgressOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressJournalTest {
    static final KeyPair CLIENT = KeyPair.fromPrivateKey(new byte[32]);
    static final byte[] NODE = KeyPair.fromPrivateKey(filled(7)).publicKey();

    @TempDir
    Path dir;

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static EgressOrder order(int serial, long expires_epoch) {
        byte[] serial_bytes = new byte[EgressOrder.SERIAL_SIZE_BYTES];
        new Random(serial).nextBytes(serial_bytes);
        return EgressOrder.sign(CLIENT, "unit-chain", NODE, 40 + serial, serial_bytes, 1 << 20, expires_epoch);
    }

    @Test
    void aTakenOrderStaysTakenAcrossAReopen() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            assertThat(journal.take(order(1, 5))).isTrue();
            assertThat(journal.take(order(1, 5))).as("the same order again").isFalse();
        }
        try (EgressJournal reopened = new EgressJournal(dir)) {
            assertThat(reopened.take(order(1, 5))).as("still taken after a restart").isFalse();
            assertThat(reopened.take(order(2, 5))).isTrue();
            assertThat(reopened.usedCount()).isEqualTo(2);
        }
    }

    @Test
    void unsettledDownloadsSurviveAReopenOldestFirstUntilASettlementCoversThem() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            for (int i = 0; i < 5; i++) {
                journal.served(order(i, 5), 1000 + i);
            }
            journal.settled(journal.unsettled(2));
        }
        try (EgressJournal reopened = new EgressJournal(dir)) {
            List<EgressJournal.Entry> left = reopened.unsettled(100);
            assertThat(left).extracting(entry -> entry.served().bytes()).containsExactly(1002L, 1003L, 1004L);
            assertThat(left.get(0).served().order().contract()).isEqualTo(42);
            assertThat(left.get(0).served().order().verify("unit-chain")).as("the order comes back signed as it was").isTrue();
            assertThat(reopened.unsettledCount()).isEqualTo(3);

            reopened.served(order(9, 5), 9);
            assertThat(reopened.unsettled(100)).as("a new download goes after the older ones")
                    .extracting(entry -> entry.served().bytes()).containsExactly(1002L, 1003L, 1004L, 9L);
        }
    }

    @Test
    void unsettledDownloadsAreNotMistakenForTakenOrders() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            journal.take(order(1, 5));
            journal.served(order(1, 5), 10);
            assertThat(journal.unsettled(100)).hasSize(1);
            assertThat(journal.forgetExpired(6, 100)).isEqualTo(1);
            assertThat(journal.unsettled(100)).as("forgetting serials leaves unsettled downloads").hasSize(1);
        }
    }

    @Test
    void ordersAreForgottenOnceExpiredOldestFirstAndAtMostTheLimit() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            for (int i = 0; i < 6; i++) {
                journal.take(order(i, 3 + i % 3));
            }
            assertThat(journal.forgetExpired(3, 100)).as("nothing expired before epoch 3").isZero();
            assertThat(journal.forgetExpired(5, 1)).isEqualTo(1);
            assertThat(journal.forgetExpired(5, 100)).as("the rest that expired with epochs 3 and 4").isEqualTo(3);
            assertThat(journal.usedCount()).isEqualTo(2);
            assertThat(journal.take(order(2, 5))).as("an order expiring with epoch 5 is still remembered").isFalse();
            assertThat(journal.take(order(0, 3))).as("a forgotten order would be expired; the ledger refuses it").isTrue();
        }
    }
}
