package dcloud.ledger.params;

/**
 * Every tunable number of the ledger, with its default, valid range and meaning. Only genesis
 * (at birth) and executed governance proposals change them. Names are the wire and CLI names.
 */
public enum Param {
    TRANSFER_FEE_E9S("transfer_fee_e9s", 1_000_000L, 0, 1_000_000_000L, "ICRC-1 transfer and approve fee (burned)"),
    PAYMENT_FEE_BPS("payment_fee_bps", 200, 0, 5_000, "fee on a payment to a provider, in basis points of the amount (200 = 2%)"),
    PAYMENT_FEE_TREASURY_BPS("payment_fee_treasury_bps", 5_000, 0, 10_000, "share of the payment fee paid to the DAO treasury; the rest is burned"),
    PAYMENT_REPUTATION_BPS("payment_reputation_bps", 100, 0, 10_000, "reputation both parties gain per payment, in basis points of the amount (100 = 1%)"),
    PUNISH_MULTIPLIER("punish_multiplier", 2, 1, 100, "reputation a target loses per unit the punisher spends"),
    FEE_DIVISOR("fee_divisor", 100, 1, 1_000_000, "registration and check-in cost the current epoch reward divided by this"),
    EPOCH_LENGTH_S("epoch_length_s", 600, 1, 86_400, "length of a reward epoch in seconds of ledger time"),
    GOV_VOTING_PERIOD_S("gov_voting_period_s", 7 * 86_400, 1, 90 * 86_400L, "how long a proposal is open for votes, in seconds of ledger time"),
    GOV_QUORUM_BPS("gov_quorum_bps", 2_000, 0, 10_000, "votes cast (yes+no+abstain) needed, in basis points of the supply at the proposal's snapshot"),
    GOV_THRESHOLD_BPS("gov_threshold_bps", 5_000, 0, 10_000, "yes votes must exceed this share of yes+no, in basis points"),
    MARKET_REQUEST_TIMEOUT_S("market_request_timeout_s", 3_600, 10, 7 * 86_400L, "a rent request the provider neither accepts nor rejects expires (refunded) after this many seconds"),
    GOV_PROPOSAL_MIN_BALANCE_E9S("gov_proposal_min_balance_e9s", 10_000_000_000L, 0, Long.MAX_VALUE, "balance a proposer must hold"),
    STORAGE_PROOF_LEAVES("storage_proof_leaves", 2, 1, 2, "1 KiB leaves of a piece a storage node must prove each epoch, drawn from the epoch's block hash"),
    STORAGE_PROOF_FAIL_REPUTATION("storage_proof_fail_reputation", 1_000_000_000L, 0, Long.MAX_VALUE, "reputation a storage node loses per contract per epoch without a valid proof"),
    STORAGE_DISQUALIFY_FAILURES("storage_disqualify_failures", 3, 1, 1_000, "consecutive epochs with a failed proof after which a storage node takes no new contracts"),
    STORAGE_EPOCHS_MAX("storage_epochs_max", 1_000_000, 1, 100_000_000, "longest storage contract, in epochs"),
    /** Every active contract needs a proof in the chain each epoch: the default leaves most of an epoch's blocks for other work. */
    STORAGE_ACTIVE_CONTRACTS_MAX("storage_active_contracts_max", 1_000_000, 0, 100_000_000,
            "active storage contracts the whole network may hold; beyond it new pieces are refused (each needs a proof in the chain every epoch)"),
    COMPUTE_MISMATCH_REPUTATION("compute_mismatch_reputation", 1_000_000_000L, 0, Long.MAX_VALUE, "reputation a provider loses when its batch result disagrees with the majority of replicas");

    public final String wire_name;
    public final long default_value;
    public final long min;
    public final long max;
    public final String help;

    Param(String wire_name, long default_value, long min, long max, String help) {
        this.wire_name = wire_name;
        this.default_value = default_value;
        this.min = min;
        this.max = max;
        this.help = help;
    }

    public static Param byName(String name) {
        for (Param param : values()) {
            if (param.wire_name.equals(name)) {
                return param;
            }
        }
        return null;
    }

    /** Null when {@code value} is in range, else the rule it breaks. */
    public String check(long value) {
        return value < min || value > max ? wire_name + " must be between " + min + " and " + max + ", got " + value : null;
    }
}
