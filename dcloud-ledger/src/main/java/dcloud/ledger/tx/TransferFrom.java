package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.OptionalLong;

/** ICRC-2 transfer_from: the signer (spender) moves tokens out of {@code from} within its allowance. */
public record TransferFrom(byte[] spenderSubaccount, Account from, Account to, long amount, OptionalLong fee, byte[] memo)
        implements TxBody {
    public TransferFrom {
        if (memo.length > Fields.MEMO_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("memo must be at most 32 bytes, got " + memo.length);
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.TRANSFER_FROM;
    }

    @Override
    public void encode(Writer writer) {
        Fields.subaccount(writer, spenderSubaccount);
        Fields.account(writer, from);
        Fields.account(writer, to);
        writer.u64(amount);
        Fields.optionalAmount(writer, fee);
        writer.bytes(memo);
    }

    static TransferFrom decode(Reader reader) throws DecodeException {
        byte[] spender_subaccount = Fields.subaccount(reader, "spender_subaccount");
        Account from = Fields.account(reader, "from");
        Account to = Fields.account(reader, "to");
        long amount = Fields.amount(reader, "amount");
        OptionalLong fee = Fields.optionalAmount(reader, "fee");
        return new TransferFrom(spender_subaccount, from, to, amount, fee, Fields.memo(reader));
    }
}
