package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** A provider's check-in for reward epoch {@code epoch}, signing a recent block hash it has seen. */
public record CheckIn(long epoch, byte[] blockHash) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.CHECK_IN;
    }

    @Override
    public void encode(Writer writer) {
        writer.u64(epoch).fixed(blockHash);
    }

    static CheckIn decode(Reader reader) throws DecodeException {
        return new CheckIn(reader.u64("epoch"), reader.fixed(32, "block_hash"));
    }
}
