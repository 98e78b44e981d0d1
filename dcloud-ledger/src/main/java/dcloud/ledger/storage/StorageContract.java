package dcloud.ledger.storage;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * One piece held by one node for epochs [startEpoch, endEpoch], paid {@code pricePerEpochE9s} from
 * escrow when the node proves it for an epoch. Epochs never proven stay in escrow and go back to the
 * owner when the contract closes, so nothing has to visit every contract when an epoch ends.
 */
public record StorageContract(long id, byte[] owner, byte[] node, byte[] segment, int index, long pieceSizeBytes, byte[] merkleRoot,
                              long startEpoch, long endEpoch, long pricePerEpochE9s, long escrowE9s, long paidE9s, long refundedE9s,
                              State state, CloseReason closeReason, long lastProvenEpoch) {

    public enum State { ACTIVE, CLOSED }

    public enum CloseReason { NONE, ENDED, CANCELLED, REPLACED }

    /**
     * Epochs from its last proof through {@code judged_epoch}, the last epoch nodes were judged on
     * ({@link StorageProofs#judgedEpoch}), counting only epochs it covers: zero when it was proven for
     * the last judged epoch it covers, or covers none yet.
     */
    public long failsConsecutive(long judged_epoch) {
        long last_due = Math.min(judged_epoch, endEpoch);
        long proven_through = Math.max(lastProvenEpoch, startEpoch - 1);
        return Math.max(0, last_due - proven_through);
    }

    /** Active, proven for the last judged epoch it covers, and held by a node still qualified: repair leaves it alone. */
    public boolean healthy(StorageNode holder, long judged_epoch) {
        return state == State.ACTIVE && failsConsecutive(judged_epoch) == 0 && holder != null && !holder.disqualified();
    }

    StorageContract proven(long epoch, long payment_e9s) {
        assert payment_e9s <= escrowE9s : "contract " + id + " pays " + payment_e9s + " from an escrow of " + escrowE9s;
        return new StorageContract(id, owner, node, segment, index, pieceSizeBytes, merkleRoot, startEpoch, endEpoch, pricePerEpochE9s,
                escrowE9s - payment_e9s, paidE9s + payment_e9s, refundedE9s, state, closeReason, epoch);
    }

    StorageContract closed(CloseReason reason, long refund) {
        return new StorageContract(id, owner, node, segment, index, pieceSizeBytes, merkleRoot, startEpoch, endEpoch, pricePerEpochE9s,
                0, paidE9s, refundedE9s + refund, State.CLOSED, reason, lastProvenEpoch);
    }

    byte[] encode() {
        return new Writer().u64(id).fixed(owner).fixed(node).fixed(segment).u32(index).u64(pieceSizeBytes).fixed(merkleRoot)
                .u64(startEpoch).u64(endEpoch).u64(pricePerEpochE9s).u64(escrowE9s).u64(paidE9s).u64(refundedE9s)
                .u8(state.ordinal()).u8(closeReason.ordinal()).u64(lastProvenEpoch).toBytes();
    }

    static StorageContract decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            StorageContract c = new StorageContract(r.u64("id"), r.fixed(32, "owner"), r.fixed(32, "node"), r.fixed(32, "segment"),
                    (int) r.u32("index"), r.u64("size"), r.fixed(32, "root"), r.u64("start"), r.u64("end"), r.u64("price"), r.u64("escrow"),
                    r.u64("paid"), r.u64("refunded"), State.values()[r.u8("state")], CloseReason.values()[r.u8("close_reason")],
                    r.u64("last_proven"));
            r.end("storage contract");
            return c;
        } catch (DecodeException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("stored storage contract is corrupt: " + e.getMessage(), e);
        }
    }
}
