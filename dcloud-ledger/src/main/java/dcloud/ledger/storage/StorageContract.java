package dcloud.ledger.storage;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * One piece held by one node for epochs [startEpoch, endEpoch], paid {@code pricePerEpochE9s} from
 * escrow for each epoch with a valid proof. {@code settledThrough} is the last epoch already paid or
 * refunded; {@code failsConsecutive} counts its own unproven epochs in a row (a piece with any is
 * unhealthy and may be replaced by repair).
 */
public record StorageContract(long id, byte[] owner, byte[] node, byte[] segment, int index, long pieceSizeBytes, byte[] merkleRoot,
                              long startEpoch, long endEpoch, long pricePerEpochE9s, long escrowE9s, long paidE9s, long refundedE9s,
                              State state, CloseReason closeReason, long lastProvenEpoch, long settledThrough, long failsConsecutive) {

    public enum State { ACTIVE, CLOSED }

    public enum CloseReason { NONE, ENDED, CANCELLED, REPLACED }

    public boolean healthy(StorageNode holder) {
        return state == State.ACTIVE && failsConsecutive == 0 && holder != null && !holder.disqualified();
    }

    StorageContract settled(long through, long escrow, long paid, long refunded, long fails_consecutive) {
        return new StorageContract(id, owner, node, segment, index, pieceSizeBytes, merkleRoot, startEpoch, endEpoch, pricePerEpochE9s,
                escrow, paid, refunded, state, closeReason, lastProvenEpoch, through, fails_consecutive);
    }

    StorageContract proven(long epoch) {
        return new StorageContract(id, owner, node, segment, index, pieceSizeBytes, merkleRoot, startEpoch, endEpoch, pricePerEpochE9s,
                escrowE9s, paidE9s, refundedE9s, state, closeReason, epoch, settledThrough, failsConsecutive);
    }

    StorageContract closed(CloseReason reason, long refund) {
        return new StorageContract(id, owner, node, segment, index, pieceSizeBytes, merkleRoot, startEpoch, endEpoch, pricePerEpochE9s,
                0, paidE9s, refundedE9s + refund, State.CLOSED, reason, lastProvenEpoch, settledThrough, failsConsecutive);
    }

    byte[] encode() {
        return new Writer().u64(id).fixed(owner).fixed(node).fixed(segment).u32(index).u64(pieceSizeBytes).fixed(merkleRoot)
                .u64(startEpoch).u64(endEpoch).u64(pricePerEpochE9s).u64(escrowE9s).u64(paidE9s).u64(refundedE9s)
                .u8(state.ordinal()).u8(closeReason.ordinal()).u64(lastProvenEpoch).u64(settledThrough).u64(failsConsecutive).toBytes();
    }

    static StorageContract decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            StorageContract c = new StorageContract(r.u64("id"), r.fixed(32, "owner"), r.fixed(32, "node"), r.fixed(32, "segment"),
                    (int) r.u32("index"), r.u64("size"), r.fixed(32, "root"), r.u64("start"), r.u64("end"), r.u64("price"), r.u64("escrow"),
                    r.u64("paid"), r.u64("refunded"), State.values()[r.u8("state")], CloseReason.values()[r.u8("close_reason")],
                    r.u64("last_proven"), r.u64("settled_through"), r.u64("fails_consecutive"));
            r.end("storage contract");
            return c;
        } catch (DecodeException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("stored storage contract is corrupt: " + e.getMessage(), e);
        }
    }
}
