package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** Spend {@code amount} of the signer's reputation to cut the target's by amount × punish_multiplier. */
public record Punish(byte[] target, long amount, String reason) implements TxBody {
    public static final int REASON_SIZE_BYTES_MAX = 256;

    @Override
    public TxKind kind() {
        return TxKind.PUNISH;
    }

    @Override
    public void encode(Writer writer) {
        writer.fixed(target).u64(amount).string(reason);
    }

    static Punish decode(Reader reader) throws DecodeException {
        return new Punish(reader.fixed(32, "target"), Fields.amount(reader, "amount"), reader.string(REASON_SIZE_BYTES_MAX, "reason"));
    }
}
