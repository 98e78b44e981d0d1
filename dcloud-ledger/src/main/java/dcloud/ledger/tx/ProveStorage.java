package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A storage node's proofs for one epoch, up to {@link #PROOFS_MAX} contracts in one tx: for each,
 * the challenged 1 KiB leaves of the piece with their Merkle audit paths. Which leaves are
 * challenged follows from the epoch's seed (a block hash), so the node cannot know them before the
 * epoch starts. Batching is why a node with 100,000 contracts sends about 3,000 txs an epoch (one
 * signature each) rather than 100,000.
 */
public record ProveStorage(long epoch, List<ContractProof> proofs) implements TxBody {
    public static final int PROOFS_MAX = 32;
    public static final int LEAVES_MAX = 2;
    public static final int LEAF_SIZE_BYTES_MAX = 1024;
    public static final int PATH_LENGTH_MAX = 40;
    /**
     * Encoded size at most: 32 proofs of 2 full leaves with 26-hash paths (a 64 GiB piece) fit.
     * Larger than other kinds' limit because the leaves themselves are the proof.
     */
    public static final int SIZE_BYTES_MAX = 128 * 1024;

    public record Leaf(byte[] data, List<byte[]> path) {}

    /** The leaves that prove one contract. */
    public record ContractProof(long contract, List<Leaf> leaves) {
        /** Bytes this proof adds to the tx's encoding. */
        public int encodedSizeBytes() {
            int size = 8 + 4;
            for (Leaf leaf : leaves) {
                size += 4 + leaf.data().length + 4 + 32 * leaf.path().size();
            }
            return size;
        }
    }

    public ProveStorage {
        proofs = List.copyOf(proofs);
    }

    @Override
    public TxKind kind() {
        return TxKind.PROVE_STORAGE;
    }

    @Override
    public void encode(Writer writer) {
        writer.u64(epoch).u32(proofs.size());
        for (ContractProof proof : proofs) {
            writer.u64(proof.contract()).u32(proof.leaves().size());
            for (Leaf leaf : proof.leaves()) {
                writer.bytes(leaf.data()).u32(leaf.path().size());
                for (byte[] hash : leaf.path()) {
                    writer.fixed(hash);
                }
            }
        }
    }

    static ProveStorage decode(Reader reader) throws DecodeException {
        long epoch = reader.u64("epoch");
        long count = reader.u32("proofs.count");
        if (count == 0 || count > PROOFS_MAX) {
            throw new DecodeException("proofs: 1 to " + PROOFS_MAX + " contracts per tx, got " + count);
        }
        List<ContractProof> proofs = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            proofs.add(decodeProof(reader, "proofs[" + p + "]"));
        }
        return new ProveStorage(epoch, proofs);
    }

    private static ContractProof decodeProof(Reader reader, String field) throws DecodeException {
        long contract = reader.u64(field + ".contract");
        long count = reader.u32(field + ".leaves.count");
        if (count > LEAVES_MAX) {
            throw new DecodeException(field + ".leaves: at most " + LEAVES_MAX + ", got " + count);
        }
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String leaf_field = field + ".leaves[" + i + "]";
            byte[] data = reader.bytes(LEAF_SIZE_BYTES_MAX, leaf_field + ".data");
            long length = reader.u32(leaf_field + ".path.length");
            if (length > PATH_LENGTH_MAX) {
                throw new DecodeException(leaf_field + ".path: at most " + PATH_LENGTH_MAX + " hashes, got " + length);
            }
            List<byte[]> path = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                path.add(reader.fixed(32, leaf_field + ".path[" + j + "]"));
            }
            leaves.add(new Leaf(data, List.copyOf(path)));
        }
        return new ContractProof(contract, List.copyOf(leaves));
    }
}
