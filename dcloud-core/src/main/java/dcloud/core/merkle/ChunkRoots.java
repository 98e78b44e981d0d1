package dcloud.core.merkle;

import dcloud.core.crypto.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a storage node keeps of a piece's Merkle tree: the root of every chunk of
 * {@link #CHUNK_LEAVES} leaves (16 KiB of piece, the last chunk may be shorter), 0.2% of the piece.
 * The tree's top is rebuilt from them in memory, and a chunk's own leaves from reading its 16 KiB.
 * So proving a leaf costs one chunk read instead of hashing the whole piece, and a scrub can check
 * a piece chunk by chunk and say which chunk went bad.
 *
 * <p>Chunks start at multiples of 16 leaves, so each chunk is a subtree of the piece's tree (see
 * {@link MerkleTree}): a leaf's audit path is its path inside the chunk, then the chunk's path among
 * the chunk roots.
 */
public final class ChunkRoots {
    public static final int CHUNK_LEAVES = 16;
    public static final int CHUNK_SIZE_BYTES = CHUNK_LEAVES * MerkleTree.LEAF_SIZE_BYTES;

    private final byte[] roots;
    private final long piece_size_bytes;

    private ChunkRoots(byte[] roots, long piece_size_bytes) {
        this.roots = roots;
        this.piece_size_bytes = piece_size_bytes;
    }

    /** The chunk roots of a piece of {@code piece_size_bytes}, as {@link #toBytes()} wrote them; refuses a wrong length. */
    public static ChunkRoots of(byte[] roots, long piece_size_bytes) {
        if (roots.length != sizeBytes(piece_size_bytes)) {
            throw new IllegalArgumentException("a piece of " + piece_size_bytes + " bytes has " + sizeBytes(piece_size_bytes)
                    + " bytes of chunk roots, got " + roots.length);
        }
        return new ChunkRoots(roots.clone(), piece_size_bytes);
    }

    public static int chunkCount(long piece_size_bytes) {
        return (MerkleTree.leafCount(piece_size_bytes) + CHUNK_LEAVES - 1) / CHUNK_LEAVES;
    }

    /** Bytes of chunk roots kept for a piece of {@code piece_size_bytes}. */
    public static int sizeBytes(long piece_size_bytes) {
        return chunkCount(piece_size_bytes) * MerkleTree.HASH_SIZE_BYTES;
    }

    public static int chunkOfLeaf(int leaf_index) {
        return leaf_index / CHUNK_LEAVES;
    }

    public static long chunkOffset(int chunk) {
        return (long) chunk * CHUNK_SIZE_BYTES;
    }

    /** Length of {@code chunk} in a piece of {@code piece_size_bytes} (0 for the one chunk of an empty piece). */
    public static int chunkLength(long piece_size_bytes, int chunk) {
        return (int) Math.min(CHUNK_SIZE_BYTES, piece_size_bytes - chunkOffset(chunk));
    }

    public int chunkCount() {
        return roots.length / MerkleTree.HASH_SIZE_BYTES;
    }

    public long pieceSizeBytes() {
        return piece_size_bytes;
    }

    public byte[] toBytes() {
        return roots.clone();
    }

    public byte[] root() {
        return MerkleTree.reduce(Sha256.newDigest(), roots.clone(), chunkCount());
    }

    /** Whether {@code data[offset, offset + length)}, all of chunk {@code chunk}, hashes to that chunk's root. */
    public boolean matches(int chunk, byte[] data, int offset, int length) {
        MessageDigest digest = Sha256.newDigest();
        byte[] leaves = chunkLeaves(digest, chunk, data, offset, length);
        if (leaves == null) {
            return false;
        }
        int count = MerkleTree.leafCount(length);
        return Arrays.equals(MerkleTree.reduce(digest, leaves, count), 0, MerkleTree.HASH_SIZE_BYTES, roots,
                chunk * MerkleTree.HASH_SIZE_BYTES, (chunk + 1) * MerkleTree.HASH_SIZE_BYTES);
    }

    /**
     * The audit path of leaf {@code leaf_index} given all the bytes of its chunk, or null when those
     * bytes do not hash to the chunk's root (the piece is damaged there).
     */
    public List<byte[]> proof(int leaf_index, byte[] chunk_data) {
        int chunk = chunkOfLeaf(leaf_index);
        if (leaf_index < 0 || chunk >= chunkCount()) {
            throw new IllegalArgumentException("leaf " + leaf_index + " is outside the piece's " + MerkleTree.leafCount(piece_size_bytes) + " leaves");
        }
        MessageDigest digest = Sha256.newDigest();
        byte[] leaves = chunkLeaves(digest, chunk, chunk_data, 0, chunk_data.length);
        if (leaves == null) {
            return null;
        }
        List<byte[]> path = new ArrayList<>(MerkleTree.path(digest, leaves, MerkleTree.leafCount(chunk_data.length), leaf_index % CHUNK_LEAVES));
        // path() leaves the chunk's root in the first slot.
        if (!Arrays.equals(leaves, 0, MerkleTree.HASH_SIZE_BYTES, roots, chunk * MerkleTree.HASH_SIZE_BYTES, (chunk + 1) * MerkleTree.HASH_SIZE_BYTES)) {
            return null;
        }
        path.addAll(MerkleTree.path(digest, roots.clone(), chunkCount(), chunk));
        return path;
    }

    /** The leaf hashes of a chunk's bytes, or null when their length is not that chunk's length. */
    private byte[] chunkLeaves(MessageDigest digest, int chunk, byte[] data, int offset, int length) {
        if (chunk < 0 || chunk >= chunkCount() || length != chunkLength(piece_size_bytes, chunk)) {
            return null;
        }
        int count = MerkleTree.leafCount(length);
        byte[] leaves = new byte[count * MerkleTree.HASH_SIZE_BYTES];
        for (int i = 0; i < count; i++) {
            int start = i * MerkleTree.LEAF_SIZE_BYTES;
            MerkleTree.leafHash(digest, data, offset + start, Math.min(MerkleTree.LEAF_SIZE_BYTES, length - start), leaves, i * MerkleTree.HASH_SIZE_BYTES);
        }
        return leaves;
    }
}
