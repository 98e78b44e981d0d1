package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.OptionalLong;

/** Encodings shared by the transaction bodies: accounts, options, amounts and memos. */
final class Fields {
    static final int MEMO_SIZE_BYTES_MAX = 32;

    private Fields() {}

    static void account(Writer writer, Account account) {
        writer.fixed(account.toBytes());
    }

    static Account account(Reader reader, String field) throws DecodeException {
        return Account.fromBytes(reader.fixed(Account.OWNER_SIZE_BYTES + Account.SUBACCOUNT_SIZE_BYTES, field));
    }

    static void subaccount(Writer writer, byte[] subaccount) {
        writer.bool(subaccount != null);
        if (subaccount != null) {
            writer.fixed(subaccount);
        }
    }

    static byte[] subaccount(Reader reader, String field) throws DecodeException {
        return reader.bool(field + ".present") ? reader.fixed(Account.SUBACCOUNT_SIZE_BYTES, field) : null;
    }

    static void optionalAmount(Writer writer, OptionalLong value) {
        writer.bool(value.isPresent());
        if (value.isPresent()) {
            writer.u64(value.getAsLong());
        }
    }

    static OptionalLong optionalAmount(Reader reader, String field) throws DecodeException {
        return reader.bool(field + ".present") ? OptionalLong.of(amount(reader, field)) : OptionalLong.empty();
    }

    /** Amounts are u64 on the wire but must stay below 2^63 so they fit a Java long. */
    static long amount(Reader reader, String field) throws DecodeException {
        long value = reader.u64(field);
        if (value < 0) {
            throw new DecodeException(field + ": must be below 2^63 e9s");
        }
        return value;
    }

    static byte[] memo(Reader reader) throws DecodeException {
        return reader.bytes(MEMO_SIZE_BYTES_MAX, "memo");
    }

    static Account withSubaccount(byte[] owner, byte[] subaccount) {
        return subaccount == null ? Account.of(owner) : Account.of(owner, subaccount);
    }
}
