package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** A payment of {@code amount} from a registered user to a registered provider: fee and reputation rules apply. */
public record Pay(byte[] provider, long amount, byte[] memo) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.PAY;
    }

    @Override
    public void encode(Writer writer) {
        writer.fixed(provider).u64(amount).bytes(memo);
    }

    static Pay decode(Reader reader) throws DecodeException {
        return new Pay(reader.fixed(32, "provider"), Fields.amount(reader, "amount"), Fields.memo(reader));
    }
}
