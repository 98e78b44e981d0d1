package dcloud.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.ledger.store.MemoryLedgerStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Scans from a start key through stacked overlays agree with a plain sorted map of the same writes. */
class OverlayScanTest {
    private static final byte[] PREFIX = {0x72, 0x01};

    private static byte[] key(Random random) {
        byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + 2);
        key[2] = (byte) random.nextInt(8);
        key[3] = (byte) random.nextInt(256);
        return key;
    }

    private static List<String> scanned(StateReader state, byte[] from, int limit) {
        List<String> out = new ArrayList<>();
        state.scan(PREFIX, from, limit, (key, value) -> out.add(Arrays.toString(key) + "=" + Arrays.toString(value)));
        return out;
    }

    private static List<String> expected(TreeMap<byte[], byte[]> reference, byte[] from, int limit) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> entry : reference.tailMap(from, true).entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.add(Arrays.toString(entry.getKey()) + "=" + Arrays.toString(entry.getValue()));
        }
        return out;
    }

    @Test
    void aScanFromAKeyAgreesWithASortedMapThroughStackedOverlays() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        TreeMap<byte[], byte[]> reference = new TreeMap<>(Arrays::compareUnsigned);
        Overlay parent = new Overlay(new MemoryLedgerStore());
        for (int i = 0; i < 300; i++) {
            byte[] key = key(random);
            parent.put(key, new byte[] {(byte) i});
            reference.put(key, new byte[] {(byte) i});
        }
        Overlay child = new Overlay(parent);
        for (int i = 0; i < 100; i++) {
            byte[] key = key(random);
            if (random.nextBoolean()) {
                child.delete(key);
                reference.remove(key);
            } else {
                child.put(key, new byte[] {(byte) -i});
                reference.put(key, new byte[] {(byte) -i});
            }
        }
        parent.put(new byte[] {0x72, 0x02, 0}, new byte[] {9}); // outside the prefix: never visited
        for (int round = 0; round < 200; round++) {
            byte[] from = random.nextInt(10) == 0 ? PREFIX : key(random);
            int limit = 1 + random.nextInt(40);
            assertThat(scanned(child, from, limit)).as("seed %d, from %s, limit %d", seed, Arrays.toString(from), limit)
                    .isEqualTo(expected(reference, from, limit));
        }
    }
}
