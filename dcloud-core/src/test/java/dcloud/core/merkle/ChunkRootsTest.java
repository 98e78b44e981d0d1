package dcloud.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkRootsTest {
    private static final int[] SIZES = {0, 1, 1024, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 17 * 1024, 33 * 1024 + 5, 100 * 1024 + 7, 300_000};

    private static byte[] chunk(byte[] piece, int chunk) {
        int start = (int) ChunkRoots.chunkOffset(chunk);
        return Arrays.copyOfRange(piece, start, start + ChunkRoots.chunkLength(piece.length, chunk));
    }

    @Test
    void everyLeafProvesFromItsChunkAloneWithTheWholePiecePath() {
        long seed = 0x5eed_c4c4L;
        Random random = new Random(seed);
        for (int size : SIZES) {
            byte[] piece = new byte[size];
            random.nextBytes(piece);
            ChunkRoots tree = new MerkleStream().update(piece, 0, size).chunkRoots();
            byte[] root = MerkleTree.root(piece);
            assertThat(tree.root()).as("seed %d size %d", seed, size).isEqualTo(root);
            int leaves = MerkleTree.leafCount(size);
            for (int i = 0; i < leaves; i++) {
                List<byte[]> path = tree.proof(i, chunk(piece, ChunkRoots.chunkOfLeaf(i)));
                List<byte[]> whole = MerkleTree.proof(piece, i);
                assertThat(path).as("seed %d size %d leaf %d", seed, size, i).hasSameSizeAs(whole);
                for (int level = 0; level < path.size(); level++) {
                    assertThat(path.get(level)).as("size %d leaf %d level %d", size, i, level).isEqualTo(whole.get(level));
                }
                int start = i * MerkleTree.LEAF_SIZE_BYTES;
                byte[] leaf = Arrays.copyOfRange(piece, start, Math.min(size, start + MerkleTree.LEAF_SIZE_BYTES));
                assertThat(MerkleTree.verify(root, leaves, i, leaf, path)).as("size %d leaf %d", size, i).isTrue();
            }
        }
    }

    @Test
    void aFlippedByteIsFoundInItsChunkOnly() {
        byte[] piece = new byte[5 * ChunkRoots.CHUNK_SIZE_BYTES + 300];
        new Random(11).nextBytes(piece);
        ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
        piece[3 * ChunkRoots.CHUNK_SIZE_BYTES + 77] ^= 0x10;
        for (int chunk = 0; chunk < tree.chunkCount(); chunk++) {
            byte[] data = chunk(piece, chunk);
            assertThat(tree.matches(chunk, data, 0, data.length)).as("chunk %d", chunk).isEqualTo(chunk != 3);
        }
        assertThat(tree.proof(3 * ChunkRoots.CHUNK_LEAVES + 5, chunk(piece, 3))).as("a damaged chunk proves nothing").isNull();
        assertThat(tree.proof(2 * ChunkRoots.CHUNK_LEAVES, chunk(piece, 2))).isNotNull();
        assertThat(tree.proof(5, Arrays.copyOf(chunk(piece, 0), 100))).as("a chunk of the wrong length").isNull();
    }

    @Test
    void roundTripsThroughBytesAndRefusesAWrongLength() {
        byte[] piece = new byte[40_000];
        new Random(12).nextBytes(piece);
        ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
        assertThat(tree.toBytes()).hasSize(3 * 32);
        assertThat(ChunkRoots.of(tree.toBytes(), piece.length).root()).isEqualTo(MerkleTree.root(piece));
        assertThat(ChunkRoots.sizeBytes(16L << 20)).as("0.2%% of a 16 MiB piece").isEqualTo(32 * 1024);
        assertThatThrownBy(() -> ChunkRoots.of(new byte[64], piece.length)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 96 bytes of chunk roots, got 64");
    }
}
