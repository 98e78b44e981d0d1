package dcloud.ledger.storage;

import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.tx.ProveStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a storage node sends: the challenged leaves of its piece with their audit paths (the ledger's check in reverse). */
public final class ProofBuilder {
    private ProofBuilder() {}

    public static ProveStorage build(byte[] piece, byte[] seed, long contract, long epoch, int leaf_challenges) {
        return build(piece, MerkleTree.leaves(piece), seed, contract, epoch, leaf_challenges);
    }

    /** As above, from the piece's leaf hashes already computed (the piece is hashed once, not once per challenge). */
    public static ProveStorage build(byte[] piece, List<byte[]> leaf_hashes, byte[] seed, long contract, long epoch, int leaf_challenges) {
        int leaf_count = MerkleTree.leafCount(piece.length);
        List<ProveStorage.Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < leaf_challenges; i++) {
            int index = Challenge.leafIndex(seed, contract, i, leaf_count);
            int start = index * MerkleTree.LEAF_SIZE_BYTES;
            byte[] data = Arrays.copyOfRange(piece, start, Math.min(piece.length, start + MerkleTree.LEAF_SIZE_BYTES));
            leaves.add(new ProveStorage.Leaf(data, MerkleTree.proof(leaf_hashes, index)));
        }
        return new ProveStorage(contract, epoch, List.copyOf(leaves));
    }
}
