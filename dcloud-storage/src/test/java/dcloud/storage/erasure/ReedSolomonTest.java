package dcloud.storage.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {
    static byte[][] encoded(ReedSolomon rs, int shard_size, Random random) {
        byte[][] shards = new byte[rs.totalShards()][shard_size];
        for (int i = 0; i < rs.dataShards(); i++) {
            random.nextBytes(shards[i]);
        }
        rs.encode(shards, shard_size);
        return shards;
    }

    static void assertEveryChoiceDecodes(ReedSolomon rs, byte[][] original, boolean[] present, int shard_size, String what) {
        byte[][] damaged = new byte[original.length][];
        for (int i = 0; i < original.length; i++) {
            damaged[i] = present[i] ? original[i].clone() : new byte[shard_size];
        }
        rs.decode(damaged, present, shard_size);
        for (int i = 0; i < original.length; i++) {
            assertThat(damaged[i]).as("%s: shard %d", what, i).isEqualTo(original[i]);
        }
    }

    @Test
    void everyFourSubsetOfEightShardsDecodesExhaustivelyWithBothCoders() {
        for (String coder : new String[] {"table", "vector"}) {
            ReedSolomon rs = ReedSolomon.withCoder(4, 8, coder);
            byte[][] original = encoded(rs, 1000, new Random(1));
            int subsets = 0;
            for (int mask = 0; mask < 256; mask++) {
                if (Integer.bitCount(mask) != 4) {
                    continue;
                }
                boolean[] present = new boolean[8];
                for (int i = 0; i < 8; i++) {
                    present[i] = (mask & (1 << i)) != 0;
                }
                assertEveryChoiceDecodes(rs, original, present, 1000, coder + " mask " + Integer.toBinaryString(mask));
                subsets++;
            }
            assertThat(subsets).isEqualTo(70);
        }
    }

    @Test
    void theCodersAgreeByteForByte() {
        long seed = 77;
        byte[][] table = encoded(ReedSolomon.withCoder(10, 30, "table"), 4097, new Random(seed));
        byte[][] vector = encoded(ReedSolomon.withCoder(10, 30, "vector"), 4097, new Random(seed));
        for (int i = 0; i < 30; i++) {
            assertThat(vector[i]).as("seed %d shard %d", seed, i).isEqualTo(table[i]);
        }
    }

    @Test
    void seededSubsetsOfLargerCodesDecode() {
        long seed = 2026;
        Random random = new Random(seed);
        for (int[] shape : new int[][] {{10, 30}, {29, 80}}) {
            ReedSolomon rs = new ReedSolomon(shape[0], shape[1]);
            byte[][] original = encoded(rs, 512, random);
            for (int trial = 0; trial < 40; trial++) {
                boolean[] present = new boolean[shape[1]];
                int kept = 0;
                while (kept < shape[0]) {
                    int pick = random.nextInt(shape[1]);
                    if (!present[pick]) {
                        present[pick] = true;
                        kept++;
                    }
                }
                assertEveryChoiceDecodes(rs, original, present, 512, "seed " + seed + " " + shape[0] + "/" + shape[1] + " trial " + trial);
            }
        }
    }

    @Test
    void tooFewShardsAndBadShapesAreRefused() {
        ReedSolomon rs = new ReedSolomon(4, 8);
        boolean[] three = {true, true, true, false, false, false, false, false};
        assertThatThrownBy(() -> rs.decode(new byte[8][16], three, 16)).hasMessageContaining("need 4 shards to decode, have 3");
        assertThatThrownBy(() -> new ReedSolomon(8, 8)).hasMessageContaining("1 <= K < N <= 256");
        assertThatThrownBy(() -> rs.encode(new byte[7][16], 16)).hasMessageContaining("expected 8 shards");
    }
}
