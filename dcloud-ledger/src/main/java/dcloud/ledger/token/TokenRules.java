package dcloud.ledger.token;

/** The fixed numbers of the DCT token (the fee itself is chain state, set at genesis). */
public final class TokenRules {
    public static final String NAME = "Decentralized Cloud Token";
    public static final String SYMBOL = "DCT";
    public static final int DECIMALS = 9;
    /** 50 DCT halving every 210,000 epochs, at 9 decimals: 20,999,999.99685 DCT. */
    public static final long SUPPLY_CAP_E9S = 20_999_999_996_850_000L;
    /** ICRC-1 de-duplication window and permitted clock drift. */
    public static final long TX_WINDOW_NS = 24L * 3600 * 1_000_000_000L;
    public static final long PERMITTED_DRIFT_NS = 2L * 60 * 1_000_000_000L;
    /** Expired de-duplication entries removed per block, so pruning never makes one block slow. */
    public static final int DEDUP_PRUNE_PER_BLOCK_MAX = 4096;

    private TokenRules() {}
}
