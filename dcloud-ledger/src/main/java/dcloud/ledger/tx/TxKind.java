package dcloud.ledger.tx;

/**
 * Transaction kinds and their wire tags. Tags are forever; a retired kind keeps its number:
 * 19 was the one-contract storage proof, retired for {@link #PROVE_STORAGE}'s batches.
 */
public enum TxKind {
    TRANSFER(1),
    APPROVE(2),
    TRANSFER_FROM(3),
    REGISTER_PROVIDER(4),
    REGISTER_USER(5),
    UPDATE_PROVIDER(6),
    PAY(7),
    PUNISH(8),
    CHECK_IN(9),
    PROPOSE(10),
    VOTE(11),
    DELEGATE(12),
    PUBLISH_OFFERING(13),
    RENT(14),
    CONTRACT_ACTION(15),
    AUTO_ACCEPT(16),
    REGISTER_STORAGE_NODE(17),
    STORE_PIECES(18),
    CANCEL_STORAGE(20),
    SET_INDEX_POINTER(21),
    REGISTER_COMPUTE_NODE(22),
    REPORT_MISMATCH(23),
    PROVE_STORAGE(24),
    SETTLE_EGRESS(25);

    public final int tag;

    TxKind(int tag) {
        this.tag = tag;
    }

    /** The largest signed tx of this kind, in bytes. */
    public int sizeBytesMax() {
        return this == PROVE_STORAGE ? ProveStorage.SIZE_BYTES_MAX : SignedTx.SIZE_BYTES_MAX;
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
