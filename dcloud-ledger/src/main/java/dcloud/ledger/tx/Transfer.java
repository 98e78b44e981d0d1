package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.OptionalLong;

/** ICRC-1 transfer from the signer's (sub)account. To the minting account it is a burn; from it, a mint. */
public record Transfer(byte[] fromSubaccount, Account to, long amount, OptionalLong fee, byte[] memo) implements TxBody {
    public Transfer {
        if (memo.length > Fields.MEMO_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("memo must be at most 32 bytes, got " + memo.length);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.TRANSFER;
    }

    @Override
    public void encode(Writer writer) {
        Fields.subaccount(writer, fromSubaccount);
        Fields.account(writer, to);
        writer.u64(amount);
        Fields.optionalAmount(writer, fee);
        writer.bytes(memo);
    }

    static Transfer decode(Reader reader) throws DecodeException {
        byte[] from_subaccount = Fields.subaccount(reader, "from_subaccount");
        Account to = Fields.account(reader, "to");
        long amount = Fields.amount(reader, "amount");
        OptionalLong fee = Fields.optionalAmount(reader, "fee");
        return new Transfer(from_subaccount, to, amount, fee, Fields.memo(reader));
    }
}
