package dcloud.core.merkle;

import dcloud.core.crypto.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle trees over a piece's bytes, RFC 6962 style: leaves of {@link #LEAF_SIZE_BYTES} (the last
 * may be shorter), leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), a tree of
 * n leaves split at the largest power of two below n. The root goes on the ledger; a proof is the
 * audit path from one leaf, which any validator checks against the root.
 */
public final class MerkleTree {
    public static final int LEAF_SIZE_BYTES = 1024;

    private MerkleTree() {}

    public static int leafCount(long size_bytes) {
        return (int) Math.max(1, (size_bytes + LEAF_SIZE_BYTES - 1) / LEAF_SIZE_BYTES);
    }

    public static byte[] leafHash(byte[] data, int offset, int length) {
        MessageDigest digest = Sha256.newDigest();
        digest.update((byte) 0x00);
        digest.update(data, offset, length);
        return digest.digest();
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(Sha256.newDigest(), left, right);
    }

    /**
     * One digest serves a whole tree: looking up a new MessageDigest per hash cost more than hashing
     * (a 16 MiB piece has 32,767 hashes). {@code digest()} resets it for the next use.
     */
    private static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The leaf hashes of {@code data} (one empty leaf for empty data). */
    public static List<byte[]> leaves(byte[] data) {
        return new MerkleStream().update(data, 0, data.length).leaves();
    }

    public static byte[] root(byte[] data) {
        return root(data, 0, data.length);
    }

    /** The root of the piece held in {@code data[offset, offset + length)}. */
    public static byte[] root(byte[] data, int offset, int length) {
        return new MerkleStream().update(data, offset, length).root();
    }

    /** The root over leaf hashes from {@link #leaves(byte[])}. */
    public static byte[] rootOfLeaves(List<byte[]> leaves) {
        return root(leaves, 0, leaves.size());
    }

    static byte[] root(List<byte[]> leaves, int from, int to) {
        return root(Sha256.newDigest(), leaves, from, to);
    }

    private static byte[] root(MessageDigest digest, List<byte[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int split = largestPowerOfTwoBelow(to - from);
        return nodeHash(digest, root(digest, leaves, from, from + split), root(digest, leaves, from + split, to));
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** The audit path of leaf {@code index}: sibling hashes from the leaf up to the root. */
    public static List<byte[]> proof(byte[] data, int index) {
        return proof(leaves(data), index);
    }

    /** The audit path of leaf {@code index} from the tree's leaf hashes (hash a piece once, prove many leaves). */
    public static List<byte[]> proof(List<byte[]> leaves, int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf index " + index + " outside 0.." + (leaves.size() - 1));
        }
        List<byte[]> path = new ArrayList<>();
        collect(leaves, 0, leaves.size(), index, path);
        return path;
    }

    private static void collect(List<byte[]> leaves, int from, int to, int index, List<byte[]> path) {
        if (to - from == 1) {
            return;
        }
        int split = from + largestPowerOfTwoBelow(to - from);
        if (index < split) {
            collect(leaves, from, split, index, path);
            path.add(root(leaves, split, to));
        } else {
            collect(leaves, split, to, index, path);
            path.add(root(leaves, from, split));
        }
    }

    /** Checks that {@code leaf} is leaf {@code index} of a tree of {@code leaf_count} leaves with {@code root}. */
    public static boolean verify(byte[] root, int leaf_count, int index, byte[] leaf, List<byte[]> proof) {
        if (index < 0 || index >= leaf_count || leaf.length > LEAF_SIZE_BYTES) {
            return false;
        }
        byte[] computed = climb(leaf_count, index, leafHash(leaf, 0, leaf.length), proof, proof.size());
        return computed != null && java.util.Arrays.equals(computed, root);
    }

    private static byte[] climb(int count, int index, byte[] hash, List<byte[]> proof, int remaining) {
        if (count == 1) {
            return remaining == 0 ? hash : null;
        }
        if (remaining == 0) {
            return null;
        }
        int split = largestPowerOfTwoBelow(count);
        byte[] sibling = proof.get(remaining - 1);
        if (index < split) {
            byte[] left = climb(split, index, hash, proof, remaining - 1);
            return left == null ? null : nodeHash(left, sibling);
        }
        byte[] right = climb(count - split, index - split, hash, proof, remaining - 1);
        return right == null ? null : nodeHash(sibling, right);
    }
}
