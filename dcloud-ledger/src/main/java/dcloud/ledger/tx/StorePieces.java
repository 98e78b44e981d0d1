package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens storage contracts for pieces of one erasure-coded segment: {@code dataShards} of
 * {@code totalShards} pieces rebuild it, {@code targetPieces} should be stored, and repair starts
 * when healthy pieces fall to {@code repairThreshold}. Each piece names its Reed-Solomon index,
 * the node that will hold it and the Merkle root its proofs are checked against. The first call
 * for a segment creates it for {@code epochs} epochs; later calls (repairs) must repeat its shape
 * and only replace pieces that are missing or unhealthy.
 */
public record StorePieces(byte[] segmentId, int dataShards, int totalShards, int targetPieces, int repairThreshold,
                          long pieceSizeBytes, long epochs, List<Piece> pieces) implements TxBody {
    public static final int PIECES_PER_TX_MAX = 40;
    public static final int SHARDS_MAX = 256;

    public record Piece(int index, byte[] node, byte[] merkleRoot) {}

    @Override
    public TxKind kind() {
        return TxKind.STORE_PIECES;
    }

    @Override
    public void encode(Writer writer) {
        writer.fixed(segmentId).u32(dataShards).u32(totalShards).u32(targetPieces).u32(repairThreshold).u64(pieceSizeBytes).u64(epochs);
        writer.u32(pieces.size());
        for (Piece piece : pieces) {
            writer.u32(piece.index()).fixed(piece.node()).fixed(piece.merkleRoot());
        }
    }

    static StorePieces decode(Reader reader) throws DecodeException {
        byte[] segment = reader.fixed(32, "segment_id");
        int data = shardCount(reader, "data_shards");
        int total = shardCount(reader, "total_shards");
        int target = shardCount(reader, "target_pieces");
        int threshold = shardCount(reader, "repair_threshold");
        long size = Fields.amount(reader, "piece_size_bytes");
        long epochs = Fields.amount(reader, "epochs");
        long count = reader.u32("pieces.count");
        if (count > PIECES_PER_TX_MAX) {
            throw new DecodeException("pieces: at most " + PIECES_PER_TX_MAX + " per transaction, got " + count);
        }
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pieces.add(new Piece(shardCount(reader, "pieces[" + i + "].index"), reader.fixed(32, "pieces[" + i + "].node"),
                    reader.fixed(32, "pieces[" + i + "].merkle_root")));
        }
        return new StorePieces(segment, data, total, target, threshold, size, epochs, List.copyOf(pieces));
    }

    private static int shardCount(Reader reader, String field) throws DecodeException {
        long value = reader.u32(field);
        if (value > SHARDS_MAX) {
            throw new DecodeException(field + ": at most " + SHARDS_MAX + ", got " + value);
        }
        return (int) value;
    }
}
