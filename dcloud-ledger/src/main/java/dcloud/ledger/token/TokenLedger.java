package dcloud.ledger.token;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * ICRC-1 transfer and ICRC-2 approve / transfer_from. Each method returns a status and writes only
 * into the transaction's own overlay, which the caller discards on failure.
 * The fee of an ordinary transfer is burned; mints and burns through the minting account pay none.
 */
public final class TokenLedger {
    private TokenLedger() {}

    public static TxResult transfer(Overlay state, TxContext context, byte[] signer, Transfer tx) {
        Account from = account(signer, tx.fromSubaccount());
        Account minting = context.chain().mintingAccount();
        if (from.equals(minting)) {
            return mint(state, tx.to(), tx.amount(), tx.fee());
        }
        if (tx.to().equals(minting)) {
            return burn(state, from, tx.amount(), tx.fee());
        }
        return move(state, from, tx.to(), tx.amount(), tx.fee());
    }

    public static TxResult approve(Overlay state, TxContext context, byte[] signer, Approve tx) {
        Account owner = account(signer, tx.fromSubaccount());
        long fee = TokenState.fee(state);
        if (owner.equals(context.chain().mintingAccount())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "the minting account cannot approve spenders");
        }
        if (Arrays.equals(tx.spender().owner(), signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "spender must not be owned by the approver");
        }
        if (tx.fee().isPresent() && tx.fee().getAsLong() != fee) {
            return badFee(fee);
        }
        long now = context.blockTimeNs();
        if (tx.expiresAtNs().isPresent() && tx.expiresAtNs().getAsLong() <= now) {
            return TxResult.fail(TxStatus.EXPIRED, now, "expires_at is not after ledger time " + now);
        }
        long current = currentAllowance(state, owner, tx.spender(), now);
        if (tx.expectedAllowance().isPresent() && tx.expectedAllowance().getAsLong() != current) {
            return TxResult.fail(TxStatus.ALLOWANCE_CHANGED, current,
                    "expected_allowance does not match the current allowance of " + Amount.display(current));
        }
        long balance = TokenState.balance(state, owner);
        if (balance < fee) {
            return insufficientFunds(balance);
        }
        TokenState.setBalance(state, owner, balance - fee);
        TokenState.addBurned(state, fee);
        TokenState.setAllowance(state, owner, tx.spender(), tx.amount(), tx.expiresAtNs().orElse(0));
        return TxResult.OK;
    }

    public static TxResult transferFrom(Overlay state, TxContext context, byte[] signer, TransferFrom tx) {
        Account spender = account(signer, tx.spenderSubaccount());
        Account minting = context.chain().mintingAccount();
        if (tx.from().equals(minting)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "the minting account cannot be the source of transfer_from");
        }
        boolean burn = tx.to().equals(minting);
        long fee = burn ? 0 : TokenState.fee(state);
        long needed = Math.addExact(tx.amount(), fee);
        long allowance = currentAllowance(state, tx.from(), spender, context.blockTimeNs());
        if (tx.fee().isPresent() && tx.fee().getAsLong() != fee) {
            return badFee(fee);
        }
        if (allowance < needed) {
            return TxResult.fail(TxStatus.INSUFFICIENT_ALLOWANCE, allowance,
                    "allowance of " + Amount.display(allowance) + " does not cover amount plus fee " + Amount.display(needed));
        }
        TxResult result = burn
                ? burn(state, tx.from(), tx.amount(), tx.fee())
                : move(state, tx.from(), tx.to(), tx.amount(), tx.fee());
        if (result.ok()) {
            TokenState.Allowance stored = TokenState.allowance(state, tx.from(), spender);
            TokenState.setAllowance(state, tx.from(), spender, allowance - needed, stored.expiresAtNs());
        }
        return result;
    }

    private static TxResult move(Overlay state, Account from, Account to, long amount, OptionalLong fee_given) {
        long fee = TokenState.fee(state);
        if (fee_given.isPresent() && fee_given.getAsLong() != fee) {
            return badFee(fee);
        }
        long balance = TokenState.balance(state, from);
        long needed = Math.addExact(amount, fee);
        if (balance < needed) {
            return insufficientFunds(balance);
        }
        TokenState.setBalance(state, from, balance - needed);
        TokenState.setBalance(state, to, Math.addExact(TokenState.balance(state, to), amount));
        TokenState.addBurned(state, fee);
        return TxResult.OK;
    }

    private static TxResult mint(Overlay state, Account to, long amount, OptionalLong fee_given) {
        if (fee_given.isPresent() && fee_given.getAsLong() != 0) {
            return badFee(0);
        }
        long minted = TokenState.minted(state);
        if (amount > TokenRules.SUPPLY_CAP_E9S - minted) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, minted, "mint would take the DCT ever minted past the cap of "
                    + Amount.display(TokenRules.SUPPLY_CAP_E9S));
        }
        TokenState.setBalance(state, to, Math.addExact(TokenState.balance(state, to), amount));
        TokenState.addMinted(state, amount);
        return TxResult.OK;
    }

    /** Burns pay no fee; the smallest burn is one transfer fee (ICRC-1's BadBurn). */
    private static TxResult burn(Overlay state, Account from, long amount, OptionalLong fee_given) {
        long min_burn = TokenState.fee(state);
        if (fee_given.isPresent() && fee_given.getAsLong() != 0) {
            return badFee(0);
        }
        if (amount < min_burn) {
            return TxResult.fail(TxStatus.BAD_BURN, min_burn, "burn amount is below the minimum of " + Amount.display(min_burn));
        }
        long balance = TokenState.balance(state, from);
        if (balance < amount) {
            return insufficientFunds(balance);
        }
        TokenState.setBalance(state, from, balance - amount);
        TokenState.addBurned(state, amount);
        return TxResult.OK;
    }

    static long currentAllowance(Overlay state, Account owner, Account spender, long now_ns) {
        TokenState.Allowance allowance = TokenState.allowance(state, owner, spender);
        boolean expired = allowance.expiresAtNs() != 0 && allowance.expiresAtNs() <= now_ns;
        return expired ? 0 : allowance.amount();
    }

    private static Account account(byte[] owner, byte[] subaccount) {
        return subaccount == null ? Account.of(owner) : Account.of(owner, subaccount);
    }

    private static TxResult badFee(long expected) {
        return TxResult.fail(TxStatus.BAD_FEE, expected, "fee must be " + Amount.display(expected));
    }

    private static TxResult insufficientFunds(long balance) {
        return TxResult.fail(TxStatus.INSUFFICIENT_FUNDS, balance, "balance of " + Amount.display(balance) + " is too low");
    }
}
