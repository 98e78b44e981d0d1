package dcloud.ledger.token;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;

/** Balance moves the other ledger modules use (fees, payments, rewards); each keeps the conservation invariant. */
public final class Payments {
    private Payments() {}

    /** Moves {@code amount} or fails with InsufficientFunds naming the balance; nothing changes on failure. */
    public static TxResult move(Overlay state, Account from, Account to, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        long balance = TokenState.balance(state, from);
        if (balance < amount) {
            return TxResult.fail(TxStatus.INSUFFICIENT_FUNDS, balance, "balance of " + Amount.display(balance) + " is below the "
                    + Amount.display(amount) + " required");
        }
        TokenState.setBalance(state, from, balance - amount);
        TokenState.setBalance(state, to, Math.addExact(TokenState.balance(state, to), amount));
        return TxResult.OK;
    }

    /** Destroys {@code amount} from {@code from}, which the caller checked can pay it. */
    public static void burn(Overlay state, Account from, long amount) {
        long balance = TokenState.balance(state, from);
        TokenState.setBalance(state, from, balance - amount);
        TokenState.addBurned(state, amount);
    }

    /** Creates {@code amount} for {@code to} (reward payouts); asserts the cap on DCT ever minted. */
    public static void mint(Overlay state, Account to, long amount) {
        TokenState.setBalance(state, to, Math.addExact(TokenState.balance(state, to), amount));
        TokenState.addMinted(state, amount);
        if (TokenState.minted(state) > TokenRules.SUPPLY_CAP_E9S) {
            throw new IllegalStateException("minted DCT would pass the supply cap");
        }
    }
}
