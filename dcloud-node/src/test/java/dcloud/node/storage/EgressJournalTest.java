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

    /** Takes with limits no test reaches. */
    static EgressJournal.Take take(EgressJournal journal, EgressOrder order) throws java.io.IOException {
        return journal.take(order, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @Test
    void aTakenOrderStaysTakenAcrossAReopen() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            assertThat(take(journal, order(1, 5))).isEqualTo(EgressJournal.Take.TAKEN);
            assertThat(take(journal, order(1, 5))).as("the same order again").isEqualTo(EgressJournal.Take.USED_BEFORE);
        }
        try (EgressJournal reopened = new EgressJournal(dir)) {
            assertThat(take(reopened, order(1, 5))).as("still taken after a restart").isEqualTo(EgressJournal.Take.USED_BEFORE);
            assertThat(take(reopened, order(2, 5))).isEqualTo(EgressJournal.Take.TAKEN);
            assertThat(reopened.usedCount()).isEqualTo(2);
        }
    }

    @Test
    void unsettledDownloadsSurviveAReopenOldestFirstUntilASettlementCoversThem() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            for (int i = 0; i < 5; i++) {
                take(journal, order(i, 5));
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

            take(reopened, order(9, 5));
            reopened.served(order(9, 5), 9);
            assertThat(reopened.unsettled(100)).as("a new download goes after the older ones")
                    .extracting(entry -> entry.served().bytes()).containsExactly(1002L, 1003L, 1004L, 9L);
        }
    }

    @Test
    void unsettledDownloadsAreNotMistakenForTakenOrders() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            take(journal, order(1, 5));
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
                take(journal, order(i, 3 + i % 3));
            }
            assertThat(journal.forgetExpired(3, 100)).as("nothing expired before epoch 3").isZero();
            assertThat(journal.forgetExpired(5, 1)).isEqualTo(1);
            assertThat(journal.forgetExpired(5, 100)).as("the rest that expired with epochs 3 and 4").isEqualTo(3);
            assertThat(journal.usedCount()).isEqualTo(2);
            assertThat(take(journal, order(2, 5))).as("an order expiring with epoch 5 is still remembered").isEqualTo(EgressJournal.Take.USED_BEFORE);
            assertThat(take(journal, order(0, 3))).as("a forgotten order would be expired; the ledger refuses it").isEqualTo(EgressJournal.Take.TAKEN);
        }
    }

    @Test
    void aDownloadInFlightHoldsItsSlotUntilItIsServedOrReleased() throws Exception {
        try (EgressJournal journal = new EgressJournal(dir)) {
            assertThat(journal.take(order(1, 5), 2, 100)).isEqualTo(EgressJournal.Take.TAKEN);
            assertThat(journal.take(order(2, 5), 2, 100)).isEqualTo(EgressJournal.Take.TAKEN);
            assertThat(journal.take(order(3, 5), 2, 100)).as("two downloads in flight fill a limit of 2").isEqualTo(EgressJournal.Take.FULL);
            journal.release();
            assertThat(journal.take(order(3, 5), 2, 100)).as("a download that served nothing gave its slot back").isEqualTo(EgressJournal.Take.TAKEN);
            journal.served(order(1, 5), 10);
            assertThat(journal.unsettledCount()).isEqualTo(1);
            assertThat(journal.reservedCount()).isEqualTo(1);
            assertThat(journal.take(order(4, 5), 2, 100)).as("one served and one in flight").isEqualTo(EgressJournal.Take.FULL);
            assertThat(journal.take(order(4, 5), 100, 3)).as("three orders remembered fill a serial limit of 3").isEqualTo(EgressJournal.Take.FULL);
        }
    }

    @Test
    void concurrentTakesNeverPassTheUnsettledLimit() throws Exception {
        int threads = 8;
        int per_thread = 50;
        int limit = 37;
        try (EgressJournal journal = new EgressJournal(dir)) {
            java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Thread> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * per_thread;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = first; i < first + per_thread; i++) {
                            if (journal.take(order(i, 5), limit, Long.MAX_VALUE) == EgressJournal.Take.TAKEN) {
                                taken.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join(30_000);
                assertThat(worker.isAlive()).as("a worker still taking after 30 s").isFalse();
            }
            assertThat(taken.get()).isEqualTo(limit);
            assertThat(journal.reservedCount()).isEqualTo(limit);
        }
    }
}
