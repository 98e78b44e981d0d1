package dcloud.ledger.token;

import dcloud.core.account.Account;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;

/**
 * The token's keys in the state: balances, allowances, supply counters, fee, de-duplication.
 * Zero balances and allowances are deleted so equal states have equal keys.
 */
public final class TokenState {
    static final byte BALANCE = 0x10;
    static final byte ALLOWANCE = 0x11;
    static final byte DEDUP = 0x12;
    static final byte DEDUP_EXPIRY = 0x13;
    private static final byte[] MINTED = {0x14, 'm'};
    private static final byte[] BURNED = {0x14, 'b'};

    private TokenState() {}

    public record Allowance(long amount, long expiresAtNs) {}

    static byte[] balanceKey(Account account) {
        return Values.concat(new byte[] {BALANCE}, account.toBytes());
    }

    public static long balance(StateReader state, Account account) {
        return Values.u64OrZero(state.get(balanceKey(account)));
    }

    static void setBalance(Overlay state, Account account, long e9s) {
        if (e9s < 0) {
            throw new IllegalStateException("balance of " + account + " would be negative: " + e9s);
        }
        BalanceSnapshots.beforeChange(state, account, balance(state, account));
        if (e9s == 0) {
            state.delete(balanceKey(account));
        } else {
            state.put(balanceKey(account), Values.u64(e9s));
        }
    }

    static byte[] allowanceKey(Account owner, Account spender) {
        return Values.concat(new byte[] {ALLOWANCE}, owner.toBytes(), spender.toBytes());
    }

    /** The allowance as stored; callers treat an expired one as zero. */
    public static Allowance allowance(StateReader state, Account owner, Account spender) {
        byte[] value = state.get(allowanceKey(owner, spender));
        return value == null ? new Allowance(0, 0) : new Allowance(Values.u64(value, 0), Values.u64(value, 8));
    }

    static void setAllowance(Overlay state, Account owner, Account spender, long amount, long expires_at_ns) {
        if (amount == 0) {
            state.delete(allowanceKey(owner, spender));
        } else {
            state.put(allowanceKey(owner, spender), Values.concat(Values.u64(amount), Values.u64(expires_at_ns)));
        }
    }

    public static long minted(StateReader state) {
        return Values.u64OrZero(state.get(MINTED));
    }

    public static long burned(StateReader state) {
        return Values.u64OrZero(state.get(BURNED));
    }

    public static long totalSupply(StateReader state) {
        return minted(state) - burned(state);
    }

    static void addMinted(Overlay state, long e9s) {
        state.put(MINTED, Values.u64(Math.addExact(minted(state), e9s)));
    }

    static void addBurned(Overlay state, long e9s) {
        state.put(BURNED, Values.u64(Math.addExact(burned(state), e9s)));
    }

    /** The ICRC-1 fee: the {@code transfer_fee_e9s} parameter. */
    public static long fee(StateReader state) {
        return dcloud.ledger.params.Params.get(state, dcloud.ledger.params.Param.TRANSFER_FEE_E9S);
    }

    /** Genesis allocation: minted like any other DCT, so conservation holds from block 0. */
    public static void allocate(Overlay state, Account account, long e9s) {
        setBalance(state, account, Math.addExact(balance(state, account), e9s));
        addMinted(state, e9s);
    }

    static byte[] dedupKey(byte[] tx_hash) {
        return Values.concat(new byte[] {DEDUP}, tx_hash);
    }

    static byte[] dedupExpiryKey(long expires_at_ns, byte[] tx_hash) {
        return Values.concat(new byte[] {DEDUP_EXPIRY}, Values.u64(expires_at_ns), tx_hash);
    }

    static byte[] dedupExpiryPrefix() {
        return new byte[] {DEDUP_EXPIRY};
    }
}
