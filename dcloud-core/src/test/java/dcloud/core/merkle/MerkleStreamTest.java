package dcloud.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleStreamTest {
    @Test
    void givesTheWholeArrayRootWhateverTheSplitOfTheBytes() {
        long seed = 0x5eed_0001L;
        Random random = new Random(seed);
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 4096, 70_001, 262_144}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            for (int round = 0; round < 20; round++) {
                MerkleStream stream = new MerkleStream();
                int at = 0;
                while (at < size) {
                    int length = Math.min(size - at, random.nextInt(3000));
                    stream.update(data, at, length);
                    at += length;
                }
                assertThat(stream.sizeBytes()).isEqualTo(size);
                ChunkRoots chunks = stream.chunkRoots();
                assertThat(chunks.root()).as("seed %d, size %d, round %d", seed, size, round).isEqualTo(MerkleTree.root(data));
                assertThat(chunks.toBytes()).as("seed %d, size %d, round %d", seed, size, round)
                        .isEqualTo(new MerkleStream().update(data, 0, size).chunkRoots().toBytes());
            }
        }
    }

    @Test
    void hashesASliceLikeACopyOfIt() {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        assertThat(MerkleTree.root(data, 1000, 5000)).isEqualTo(MerkleTree.root(java.util.Arrays.copyOfRange(data, 1000, 6000)));
    }
}
