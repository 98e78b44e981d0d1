package dcloud.ledger.reputation;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.token.Payments;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.Punish;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.Arrays;

/**
 * Payments and punishments, the two ways reputation moves (whitepaper 5.2). A payment of A from a
 * developer to a provider costs the provider payment_fee_bps of A (split between the treasury and a
 * burn) and raises both parties' reputation by payment_reputation_bps of A. A punishment spends the
 * punisher's own reputation to cut the target's by amount × punish_multiplier, floored at zero.
 */
public final class ReputationLedger {
    private ReputationLedger() {}

    public static TxResult pay(Overlay state, TxContext context, byte[] signer, Pay tx) {
        if (!Registry.isUser(state, signer) && !Registry.isProvider(state, signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "the payer must be registered (dcloud user register)");
        }
        if (!Registry.isProvider(state, tx.provider())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "provider " + Account.of(tx.provider()) + " is not a registered provider");
        }
        if (Arrays.equals(signer, tx.provider())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "a provider cannot pay itself");
        }
        if (tx.amount() <= 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "amount must be positive");
        }
        return settle(state, context.height(), Account.of(signer), signer, tx.provider(), tx.amount());
    }

    /**
     * Moves a payment with its fee split and reputation gains: the DCT come from {@code funds} (the
     * payer's account, or the escrow for contract settlement), the reputation goes to {@code payer}.
     */
    public static TxResult settle(Overlay state, long height, Account funds, byte[] payer, byte[] provider, long amount) {
        TxResult moved = Payments.move(state, funds, Account.of(provider), amount);
        if (!moved.ok()) {
            return moved;
        }
        long fee = Math.multiplyExact(amount, Params.get(state, Param.PAYMENT_FEE_BPS)) / 10_000;
        long to_treasury = Math.multiplyExact(fee, Params.get(state, Param.PAYMENT_FEE_TREASURY_BPS)) / 10_000;
        Payments.move(state, Account.of(provider), Treasury.ACCOUNT, to_treasury);
        Payments.burn(state, Account.of(provider), fee - to_treasury);
        long gain = Math.multiplyExact(amount, Params.get(state, Param.PAYMENT_REPUTATION_BPS)) / 10_000;
        String reason = "payment of " + Amount.display(amount);
        Reputation.change(state, height, payer, gain, Reputation.Cause.PAYMENT_SENT, provider, reason);
        Reputation.change(state, height, provider, gain, Reputation.Cause.PAYMENT_RECEIVED, payer, reason);
        return TxResult.OK;
    }

    public static TxResult punish(Overlay state, TxContext context, byte[] signer, Punish tx) {
        if (tx.reason().isBlank()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "reason is required");
        }
        if (tx.amount() <= 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "amount must be positive");
        }
        if (Arrays.equals(signer, tx.target())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "you cannot punish yourself");
        }
        if (!Registry.isUser(state, tx.target()) && !Registry.isProvider(state, tx.target())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "target " + Account.of(tx.target()) + " is not a registered user or provider");
        }
        long own = Reputation.score(state, signer);
        if (own < tx.amount()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, own, "you have " + Amount.formatDct(own) + " reputation, less than the "
                    + Amount.formatDct(tx.amount()) + " to spend");
        }
        long cut = Math.multiplyExact(tx.amount(), Params.get(state, Param.PUNISH_MULTIPLIER));
        Reputation.change(state, context.height(), signer, -tx.amount(), Reputation.Cause.PUNISH_SPENT, tx.target(), tx.reason());
        Reputation.change(state, context.height(), tx.target(), -cut, Reputation.Cause.PUNISHED, signer, tx.reason());
        return TxResult.OK;
    }
}
