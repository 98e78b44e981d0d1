package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** What applying one transaction did: a status, a human message naming the rule, and a number. */
public record TxResult(TxStatus status, String message, long detail) {
    public static final int MESSAGE_SIZE_BYTES_MAX = 512;
    public static final TxResult OK = new TxResult(TxStatus.OK, "ok", 0);

    public static TxResult fail(TxStatus status, long detail, String message) {
        return new TxResult(status, message, detail);
    }

    public boolean ok() {
        return status == TxStatus.OK;
    }

    public void encode(Writer writer) {
        writer.u8(status.code).u64(detail).string(message);
    }

    public static TxResult decode(Reader reader) throws DecodeException {
        int code = reader.u8("status");
        long detail = reader.u64("detail");
        String message = reader.string(MESSAGE_SIZE_BYTES_MAX, "message");
        try {
            return new TxResult(TxStatus.ofCode(code), message, detail);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("status: " + e.getMessage());
        }
    }
}
