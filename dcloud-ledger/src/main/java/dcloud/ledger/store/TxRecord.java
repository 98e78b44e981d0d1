package dcloud.ledger.store;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.tx.TxResult;

/** Where a tx landed and what it did. */
public record TxRecord(long height, int index, TxResult result) {
    byte[] encode() {
        Writer writer = new Writer().u64(height).u32(index);
        result.encode(writer);
        return writer.toBytes();
    }

    static TxRecord decode(byte[] bytes) {
        try {
            Reader reader = new Reader(bytes);
            TxRecord record = new TxRecord(reader.u64("height"), (int) reader.u32("index"), TxResult.decode(reader));
            reader.end("tx record");
            return record;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored tx record is corrupt: " + e.getMessage(), e);
        }
    }
}
