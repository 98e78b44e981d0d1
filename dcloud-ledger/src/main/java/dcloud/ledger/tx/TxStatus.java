package dcloud.ledger.tx;

/**
 * Every outcome of a transaction, as an explicit status code (the ICRC-1/ICRC-2 error variants
 * plus the envelope checks). {@code detail} in {@link TxResult} carries the variant's number:
 * expected fee, balance, allowance, ledger time or the height of the duplicate.
 */
public enum TxStatus {
    OK(0),
    BAD_FEE(1),
    BAD_BURN(2),
    INSUFFICIENT_FUNDS(3),
    TOO_OLD(4),
    CREATED_IN_FUTURE(5),
    DUPLICATE(6),
    INSUFFICIENT_ALLOWANCE(7),
    ALLOWANCE_CHANGED(8),
    EXPIRED(9),
    BAD_SIGNATURE(10),
    WRONG_CHAIN(11),
    GENERIC_ERROR(12);

    public final int code;

    TxStatus(int code) {
        this.code = code;
    }

    public static TxStatus ofCode(int code) {
        for (TxStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown tx status code " + code);
    }

    /** The ICRC-style variant name, e.g. "InsufficientFunds". */
    public String variant() {
        StringBuilder out = new StringBuilder();
        for (String part : name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
