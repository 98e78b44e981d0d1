package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.OptionalLong;

/** ICRC-2 approve: sets (not adds to) the spender's allowance on the signer's (sub)account. */
public record Approve(byte[] fromSubaccount, Account spender, long amount, OptionalLong expectedAllowance,
                      OptionalLong expiresAtNs, OptionalLong fee, byte[] memo) implements TxBody {
    public Approve {
        if (memo.length > Fields.MEMO_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("memo must be at most 32 bytes, got " + memo.length);
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.APPROVE;
    }

    @Override
    public void encode(Writer writer) {
        Fields.subaccount(writer, fromSubaccount);
        Fields.account(writer, spender);
        writer.u64(amount);
        Fields.optionalAmount(writer, expectedAllowance);
        Fields.optionalAmount(writer, expiresAtNs);
        Fields.optionalAmount(writer, fee);
        writer.bytes(memo);
    }

    static Approve decode(Reader reader) throws DecodeException {
        byte[] from_subaccount = Fields.subaccount(reader, "from_subaccount");
        Account spender = Fields.account(reader, "spender");
        long amount = Fields.amount(reader, "amount");
        OptionalLong expected = Fields.optionalAmount(reader, "expected_allowance");
        OptionalLong expires = Fields.optionalAmount(reader, "expires_at");
        OptionalLong fee = Fields.optionalAmount(reader, "fee");
        return new Approve(from_subaccount, spender, amount, expected, expires, fee, Fields.memo(reader));
    }
}
