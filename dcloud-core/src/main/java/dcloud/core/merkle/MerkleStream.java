package dcloud.core.merkle;

import dcloud.core.crypto.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Hashes a piece's leaves as its bytes arrive, split anywhere, so a piece received from the network
 * or read from a file never has to be whole in memory. Every {@link ChunkRoots#CHUNK_LEAVES} leaves
 * are reduced to their chunk's root at once; only chunk roots are kept (2 KiB per MiB of piece).
 * Gives the same root as {@link MerkleTree#root(byte[])} over the concatenation.
 */
public final class MerkleStream {
    private final MessageDigest digest = Sha256.newDigest();
    /** The current chunk's leaf hashes so far. */
    private final byte[] chunk_leaves = new byte[ChunkRoots.CHUNK_LEAVES * MerkleTree.HASH_SIZE_BYTES];
    private int chunk_leaf_count;
    private byte[] chunk_roots = new byte[16 * MerkleTree.HASH_SIZE_BYTES];
    private int chunk_count;
    private int leaf_filled_bytes;
    private long size_bytes;
    private boolean finished;

    public MerkleStream update(byte[] data, int offset, int length) {
        assert !finished : "update after the stream ended";
        while (length > 0) {
            if (leaf_filled_bytes == 0 && length >= MerkleTree.LEAF_SIZE_BYTES) {
                // The common case: a whole leaf in the caller's array, hashed without a partial state.
                MerkleTree.leafHash(digest, data, offset, MerkleTree.LEAF_SIZE_BYTES, chunk_leaves, chunk_leaf_count * MerkleTree.HASH_SIZE_BYTES);
                leafDone(MerkleTree.LEAF_SIZE_BYTES);
                offset += MerkleTree.LEAF_SIZE_BYTES;
                length -= MerkleTree.LEAF_SIZE_BYTES;
                continue;
            }
            if (leaf_filled_bytes == 0) {
                digest.update((byte) 0x00);
            }
            int take = Math.min(length, MerkleTree.LEAF_SIZE_BYTES - leaf_filled_bytes);
            digest.update(data, offset, take);
            leaf_filled_bytes += take;
            size_bytes += take;
            offset += take;
            length -= take;
            if (leaf_filled_bytes == MerkleTree.LEAF_SIZE_BYTES) {
                finishLeaf();
            }
        }
        return this;
    }

    private void leafDone(int length) {
        size_bytes += length;
        chunk_leaf_count++;
        if (chunk_leaf_count == ChunkRoots.CHUNK_LEAVES) {
            endChunk();
        }
    }

    /** Ends a leaf built from several updates (its 0x00 prefix and bytes are in the digest). */
    private void finishLeaf() {
        try {
            digest.digest(chunk_leaves, chunk_leaf_count * MerkleTree.HASH_SIZE_BYTES, MerkleTree.HASH_SIZE_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("a 32-byte slot always holds a SHA-256", e);
        }
        leaf_filled_bytes = 0;
        chunk_leaf_count++;
        if (chunk_leaf_count == ChunkRoots.CHUNK_LEAVES) {
            endChunk();
        }
    }

    private void endChunk() {
        byte[] root = MerkleTree.reduce(digest, chunk_leaves, chunk_leaf_count);
        if ((chunk_count + 1) * MerkleTree.HASH_SIZE_BYTES > chunk_roots.length) {
            chunk_roots = Arrays.copyOf(chunk_roots, chunk_roots.length * 2);
        }
        System.arraycopy(root, 0, chunk_roots, chunk_count * MerkleTree.HASH_SIZE_BYTES, MerkleTree.HASH_SIZE_BYTES);
        chunk_count++;
        chunk_leaf_count = 0;
    }

    public long sizeBytes() {
        return size_bytes;
    }

    /** Ends the stream: a short last leaf, or one empty leaf for no bytes at all. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (leaf_filled_bytes > 0) {
            finishLeaf();
        } else if (size_bytes == 0) {
            digest.update((byte) 0x00);
            finishLeaf();
        }
        if (chunk_leaf_count > 0) {
            endChunk();
        }
    }

    /** The root over every byte so far; ends the stream. */
    public byte[] root() {
        return chunkRoots().root();
    }

    /** The roots of the piece's chunks, what a storage node keeps beside it; ends the stream. */
    public ChunkRoots chunkRoots() {
        finish();
        return ChunkRoots.of(Arrays.copyOf(chunk_roots, chunk_count * MerkleTree.HASH_SIZE_BYTES), size_bytes);
    }
}
