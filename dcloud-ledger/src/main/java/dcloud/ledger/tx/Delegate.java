package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** Lends the signer's voting power to {@code delegate} (all zeros: take it back). A direct vote overrides it. */
public record Delegate(byte[] delegate) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.DELEGATE;
    }

    @Override
    public void encode(Writer writer) {
        writer.fixed(delegate);
    }

    static Delegate decode(Reader reader) throws DecodeException {
        return new Delegate(reader.fixed(32, "delegate"));
    }
}
