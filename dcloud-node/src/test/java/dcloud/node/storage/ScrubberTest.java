package dcloud.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.storage.piecestore.PieceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubberTest {
    private static final long INTERVAL_MS = 60_000;
    @TempDir
    Path dir;

    private static byte[] id(int seed) {
        byte[] id = new byte[32];
        new Random(seed).nextBytes(id);
        return id;
    }

    private Path fileOf(byte[] id) {
        String hex = dcloud.core.bytes.Hex.encode(id);
        return dir.resolve("pieces").resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static void flipByte(Path file, int at) throws Exception {
        byte[] raw = Files.readAllBytes(file);
        raw[at] ^= 0x01;
        Files.write(file, raw);
    }

    @Test
    void deletesADamagedPieceOnTheSweepOneIntervalAfterStartAndKeepsIntactOnes() throws Exception {
        AtomicLong now_ms = new AtomicLong(1_000_000);
        byte[] data = new byte[100_000];
        new Random(31).nextBytes(data);
        try (PieceStore store = new PieceStore(dir, 10_000_000)) {
            store.put(id(1), data, 1);
            store.put(id(2), data, 2);
            Scrubber scrubber = new Scrubber(store, INTERVAL_MS, 64L << 20, now_ms::get);
            assertThat(scrubber.runOnce()).as("first sight: the pieces were hashed as they arrived").isZero();
            flipByte(fileOf(id(2)), 70_000);
            now_ms.addAndGet(INTERVAL_MS - 1);
            assertThat(scrubber.runOnce()).as("not due yet").isZero();
            assertThat(store.info(id(2))).isNotNull();
            now_ms.addAndGet(1);
            assertThat(scrubber.runOnce()).isEqualTo(1);
            assertThat(store.info(id(2))).as("the damaged piece is gone").isNull();
            assertThat(Files.exists(fileOf(id(2)))).isFalse();
            assertThat(store.info(id(1))).as("the intact piece stays").isNotNull();
            assertThat(store.usedBytes()).isEqualTo(PieceStore.footprintBytes(data.length));
            flipByte(fileOf(id(1)), 10);
            assertThat(scrubber.runOnce()).as("the next sweep is an interval after this one began").isZero();
            assertThat(store.info(id(1))).isNotNull();
            now_ms.addAndGet(INTERVAL_MS);
            assertThat(scrubber.runOnce()).isEqualTo(1);
            assertThat(store.info(id(1))).isNull();
        }
    }

    @Test
    void aSweepWalksTheIndexAPageAtATimeAndChecksEveryPieceOnce() throws Exception {
        AtomicLong now_ms = new AtomicLong(0);
        byte[] data = new byte[20_000];
        new Random(32).nextBytes(data);
        try (PieceStore store = new PieceStore(dir, 10_000_000)) {
            for (int i = 1; i <= 7; i++) {
                store.put(id(i), data, i);
            }
            for (int i : new int[] {1, 4, 7}) {
                flipByte(fileOf(id(i)), 15_000);
            }
            Scrubber scrubber = new Scrubber(store, INTERVAL_MS, 64L << 20, now_ms::get, 2);
            now_ms.addAndGet(INTERVAL_MS);

            assertThat(scrubber.runOnce()).as("pages of 2 pieces, damaged ones deleted mid-walk").isEqualTo(3);

            assertThat(store.count()).isEqualTo(4);
            assertThat(store.list(100)).extracting(PieceStore.PieceInfo::contract).containsExactlyInAnyOrder(2L, 3L, 5L, 6L);
        }
    }

    @Test
    void anInterruptedSweepGoesOnFromItsPlace() throws Exception {
        AtomicLong now_ms = new AtomicLong(0);
        byte[] data = new byte[300_000];
        try (PieceStore store = new PieceStore(dir, 10_000_000)) {
            for (int i = 1; i <= 3; i++) {
                store.put(id(i), data, i);
            }
            // 1 MiB/s: each 300 kB piece paces for about 0.3 s, so the interrupt lands mid-sweep.
            Scrubber scrubber = new Scrubber(store, INTERVAL_MS, 1L << 20, now_ms::get, 1);
            now_ms.addAndGet(INTERVAL_MS);
            Thread sweeper = Thread.ofPlatform().start(() -> {
                try {
                    scrubber.runOnce();
                } catch (InterruptedException expected) {
                    // stopped mid-sweep, as a node shutting down stops it
                }
            });
            Thread.sleep(350);
            sweeper.interrupt();
            sweeper.join(10_000);
            byte[] last = store.list(3).get(2).id();
            flipByte(fileOf(last), 100);

            assertThat(scrubber.runOnce()).as("the same sweep, not due again yet, reaches the last piece").isEqualTo(1);
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    void aPassKeepsToItsByteRate() throws Exception {
        Scrubber.Pacer pacer = new Scrubber.Pacer(8L << 20);
        long start_ns = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            pacer.consumed(256 * 1024);
        }
        assertThat((System.nanoTime() - start_ns) / 1_000_000).as("2 MiB at 8 MiB/s takes at least 250 ms").isGreaterThanOrEqualTo(240);
    }
}
