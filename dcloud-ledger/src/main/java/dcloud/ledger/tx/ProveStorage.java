package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A storage node's proof for one contract and epoch: the challenged 1 KiB leaves of the piece
 * with their Merkle audit paths. Which leaves are challenged follows from the epoch's seed (a
 * block hash), so the node cannot know them before the epoch starts.
 */
public record ProveStorage(long contract, long epoch, List<Leaf> leaves) implements TxBody {
    public static final int LEAVES_MAX = 2;
    public static final int LEAF_SIZE_BYTES_MAX = 1024;
    public static final int PATH_LENGTH_MAX = 40;

    public record Leaf(byte[] data, List<byte[]> path) {}

    @Override
    public TxKind kind() {
        return TxKind.PROVE_STORAGE;
    }

    @Override
    public void encode(Writer writer) {
        writer.u64(contract).u64(epoch).u32(leaves.size());
        for (Leaf leaf : leaves) {
            writer.bytes(leaf.data()).u32(leaf.path().size());
            for (byte[] hash : leaf.path()) {
                writer.fixed(hash);
            }
        }
    }

    static ProveStorage decode(Reader reader) throws DecodeException {
        long contract = reader.u64("contract");
        long epoch = reader.u64("epoch");
        long count = reader.u32("leaves.count");
        if (count > LEAVES_MAX) {
            throw new DecodeException("leaves: at most " + LEAVES_MAX + ", got " + count);
        }
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = reader.bytes(LEAF_SIZE_BYTES_MAX, "leaves[" + i + "].data");
            long length = reader.u32("leaves[" + i + "].path.length");
            if (length > PATH_LENGTH_MAX) {
                throw new DecodeException("leaves[" + i + "].path: at most " + PATH_LENGTH_MAX + " hashes, got " + length);
            }
            List<byte[]> path = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                path.add(reader.fixed(32, "leaves[" + i + "].path[" + j + "]"));
            }
            leaves.add(new Leaf(data, List.copyOf(path)));
        }
        return new ProveStorage(contract, epoch, List.copyOf(leaves));
    }
}
