package dcloud.core.merkle;

import dcloud.core.crypto.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashes a piece's leaves as its bytes arrive, split anywhere, so a piece received from the network
 * or read from a file never has to be whole in memory. Only the 32-byte leaf hashes are kept (16 KiB
 * per MiB of piece). Gives the same root as {@link MerkleTree#root(byte[])} over the concatenation.
 */
public final class MerkleStream {
    private final MessageDigest digest = Sha256.newDigest();
    private final List<byte[]> leaves = new ArrayList<>();
    private int leaf_filled_bytes;
    private long size_bytes;
    private boolean finished;

    public MerkleStream update(byte[] data, int offset, int length) {
        assert !finished : "update after root()";
        while (length > 0) {
            if (leaf_filled_bytes == 0) {
                digest.update((byte) 0x00);
            }
            int take = Math.min(length, MerkleTree.LEAF_SIZE_BYTES - leaf_filled_bytes);
            digest.update(data, offset, take);
            leaf_filled_bytes += take;
            offset += take;
            length -= take;
            size_bytes += take;
            if (leaf_filled_bytes == MerkleTree.LEAF_SIZE_BYTES) {
                leaves.add(digest.digest());
                leaf_filled_bytes = 0;
            }
        }
        return this;
    }

    public long sizeBytes() {
        return size_bytes;
    }

    /** The root over every byte so far (a short last leaf, or one empty leaf for no bytes); ends the stream. */
    public byte[] root() {
        if (!finished) {
            finished = true;
            if (leaf_filled_bytes > 0 || leaves.isEmpty()) {
                if (leaf_filled_bytes == 0) {
                    digest.update((byte) 0x00);
                }
                leaves.add(digest.digest());
            }
        }
        return MerkleTree.root(leaves, 0, leaves.size());
    }

    /** The leaf hashes, in order (ends the stream). */
    List<byte[]> leaves() {
        root();
        return leaves;
    }
}
