package dcloud.ledger.storage;

import dcloud.core.merkle.ChunkRoots;
import dcloud.core.merkle.MerkleStream;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.tx.ProveStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a storage node sends: the challenged leaves of its piece with their audit paths (the ledger's
 * check in reverse). A node builds it from the piece's stored chunk roots and the chunk of each
 * challenged leaf, so a proof never hashes the whole piece. Reading the chunks is the caller's part:
 * this class does no I/O, like the rest of the ledger packages.
 */
public final class ProofBuilder {
    private ProofBuilder() {}

    /** A proof, or the chunk whose bytes no longer hash to its stored root (then there is no proof). */
    public record Built(ProveStorage.ContractProof proof, int damagedChunk) {
        public boolean damaged() {
            return proof == null;
        }
    }

    /** The leaves an epoch's proof must hold, in order (what the ledger will check). */
    public static int[] challengedLeaves(byte[] seed, long contract, long piece_size_bytes, int leaf_challenges) {
        int leaf_count = MerkleTree.leafCount(piece_size_bytes);
        int[] leaves = new int[leaf_challenges];
        for (int i = 0; i < leaf_challenges; i++) {
            leaves[i] = Challenge.leafIndex(seed, contract, i, leaf_count);
        }
        return leaves;
    }

    /** The proof for a piece held whole in memory. */
    public static ProveStorage.ContractProof build(byte[] piece, byte[] seed, long contract, int leaf_challenges) {
        ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
        int[] leaves = challengedLeaves(seed, contract, piece.length, leaf_challenges);
        List<byte[]> chunks = new ArrayList<>();
        for (int leaf : leaves) {
            int start = (int) ChunkRoots.chunkOffset(ChunkRoots.chunkOfLeaf(leaf));
            chunks.add(Arrays.copyOfRange(piece, start, start + ChunkRoots.chunkLength(piece.length, ChunkRoots.chunkOfLeaf(leaf))));
        }
        return build(tree, leaves, chunks, contract).proof();
    }

    /** The proof from a piece's chunk roots, given for each challenged leaf the bytes of its chunk ({@code chunks.get(i)} for {@code leaves[i]}). */
    public static Built build(ChunkRoots tree, int[] leaves, List<byte[]> chunks, long contract) {
        assert leaves.length == chunks.size() : "one chunk per challenged leaf";
        List<ProveStorage.Leaf> proven = new ArrayList<>();
        for (int i = 0; i < leaves.length; i++) {
            byte[] chunk_data = chunks.get(i);
            List<byte[]> path = tree.proof(leaves[i], chunk_data);
            if (path == null) {
                return new Built(null, ChunkRoots.chunkOfLeaf(leaves[i]));
            }
            int start = (leaves[i] % ChunkRoots.CHUNK_LEAVES) * MerkleTree.LEAF_SIZE_BYTES;
            byte[] data = Arrays.copyOfRange(chunk_data, start, Math.min(chunk_data.length, start + MerkleTree.LEAF_SIZE_BYTES));
            proven.add(new ProveStorage.Leaf(data, path));
        }
        return new Built(new ProveStorage.ContractProof(contract, List.copyOf(proven)), -1);
    }
}
