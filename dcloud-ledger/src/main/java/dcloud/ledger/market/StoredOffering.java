package dcloud.ledger.market;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.tx.Offering;

/** An offering on the ledger: its number, provider, whether withdrawn, and how many contracts hold a slot. */
public record StoredOffering(long number, byte[] provider, boolean withdrawn, int inUse, long publishedHeight, Offering offering) {
    public int freeCapacity() {
        return withdrawn ? 0 : Math.max(0, offering.capacity() - inUse);
    }

    StoredOffering withInUse(int in_use) {
        return new StoredOffering(number, provider, withdrawn, in_use, publishedHeight, offering);
    }

    byte[] encode() {
        Writer w = new Writer(512).u64(number).fixed(provider).bool(withdrawn).u32(inUse).u64(publishedHeight);
        offering.encode(w);
        return w.toBytes();
    }

    public static StoredOffering decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            StoredOffering stored = new StoredOffering(r.u64("number"), r.fixed(32, "provider"), r.bool("withdrawn"), (int) r.u32("in_use"),
                    r.u64("published"), Offering.decode(r));
            r.end("offering");
            return stored;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored offering is corrupt: " + e.getMessage(), e);
        }
    }
}
