package dcloud.ledger.storage;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * The shape of one erasure-coded segment, fixed when it is first stored: any {@code dataShards} of
 * its {@code totalShards} pieces rebuild it; {@code targetPieces} should be held; repair starts at
 * {@code repairThreshold} healthy pieces. Repairs may not change it.
 */
public record Segment(byte[] id, byte[] owner, int dataShards, int totalShards, int targetPieces, int repairThreshold,
                      long pieceSizeBytes, long endEpoch) {

    byte[] encode() {
        return new Writer().fixed(id).fixed(owner).u32(dataShards).u32(totalShards).u32(targetPieces).u32(repairThreshold)
                .u64(pieceSizeBytes).u64(endEpoch).toBytes();
    }

    static Segment decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            Segment s = new Segment(r.fixed(32, "id"), r.fixed(32, "owner"), (int) r.u32("data"), (int) r.u32("total"),
                    (int) r.u32("target"), (int) r.u32("threshold"), r.u64("size"), r.u64("end"));
            r.end("segment");
            return s;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored segment is corrupt: " + e.getMessage(), e);
        }
    }
}
