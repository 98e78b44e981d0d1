package dcloud.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.merkle.ChunkRoots;
import dcloud.core.merkle.MerkleStream;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.tx.ProveStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProofBuilderTest {
    private static byte[] chunkOf(byte[] piece, int leaf) {
        int chunk = ChunkRoots.chunkOfLeaf(leaf);
        int start = (int) ChunkRoots.chunkOffset(chunk);
        return Arrays.copyOfRange(piece, start, start + ChunkRoots.chunkLength(piece.length, chunk));
    }

    private static byte[] encoded(ProveStorage.ContractProof proof) {
        dcloud.core.codec.Writer writer = new dcloud.core.codec.Writer();
        new ProveStorage(9, List.of(proof)).encode(writer);
        return writer.toBytes();
    }

    @Test
    void aProofFromStoredChunkRootsVerifiesLeafByLeafAgainstTheRoot() {
        long seed = 0x5eed_9001L;
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            byte[] piece = new byte[1 + random.nextInt(400_000)];
            random.nextBytes(piece);
            byte[] epoch_seed = new byte[32];
            random.nextBytes(epoch_seed);
            ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
            int[] leaves = ProofBuilder.challengedLeaves(epoch_seed, round, piece.length, ProveStorage.LEAVES_MAX);
            List<byte[]> chunks = new ArrayList<>();
            for (int leaf : leaves) {
                chunks.add(chunkOf(piece, leaf));
            }
            ProveStorage.ContractProof proof = ProofBuilder.build(tree, leaves, chunks, round).proof();
            byte[] root = MerkleTree.root(piece);
            for (int i = 0; i < leaves.length; i++) {
                ProveStorage.Leaf leaf = proof.leaves().get(i);
                assertThat(MerkleTree.verify(root, MerkleTree.leafCount(piece.length), leaves[i], leaf.data(), leaf.path()))
                        .as("seed %d round %d challenge %d", seed, round, i).isTrue();
            }
            assertThat(encoded(proof)).as("seed %d round %d: the in-memory builder agrees", seed, round)
                    .isEqualTo(encoded(ProofBuilder.build(piece, epoch_seed, round, ProveStorage.LEAVES_MAX)));
        }
    }

    @Test
    void aChunkThatNoLongerHashesToItsRootGivesNoProofAndIsNamed() {
        byte[] piece = new byte[10 * ChunkRoots.CHUNK_SIZE_BYTES];
        new Random(5).nextBytes(piece);
        ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
        int[] leaves = {3, 7 * ChunkRoots.CHUNK_LEAVES + 2};
        byte[] damaged = chunkOf(piece, leaves[1]);
        damaged[9_000] ^= 1;
        ProofBuilder.Built built = ProofBuilder.build(tree, leaves, List.of(chunkOf(piece, leaves[0]), damaged), 1);
        assertThat(built.damaged()).isTrue();
        assertThat(built.damagedChunk()).isEqualTo(7);
    }
}
