package dcloud.ledger.tx;

/** Transaction kinds and their wire tags. Tags are forever; a retired kind keeps its number. */
public enum TxKind {
    TRANSFER(1),
    APPROVE(2),
    TRANSFER_FROM(3);

    public final int tag;

    TxKind(int tag) {
        this.tag = tag;
    }

    public static TxKind ofTag(int tag) {
        for (TxKind kind : values()) {
            if (kind.tag == tag) {
                return kind;
            }
        }
        return null;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
