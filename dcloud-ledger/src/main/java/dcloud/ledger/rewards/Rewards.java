package dcloud.ledger.rewards;

import dcloud.core.account.Account;
import dcloud.core.codec.Writer;
import dcloud.ledger.TxContext;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.Payments;
import dcloud.ledger.token.TokenRules;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reward epochs: 50 DCT per epoch, halving every 210,000 epochs (exact integer shifts: 20,999,999.99685
 * DCT in all), split among the providers that checked in during the epoch, weighted by
 * floor(sqrt(reputation)). When every participant has zero reputation the split is equal. The
 * integer remainder, and the whole pot when nobody checked in, carry over to the next epoch.
 * Epochs are counted in ledger time: each closes at the first block at or after its end.
 */
public final class Rewards {
    public static final long INITIAL_REWARD_E9S = 50_000_000_000L;
    public static final long HALVING_EPOCHS = 210_000;
    public static final int EPOCHS_CLOSED_PER_BLOCK_MAX = 1000;
    public static final int PARTICIPANTS_MAX = 100_000;
    public static final int RECENT_BLOCKS = 256;
    private static final byte[] EPOCH = {0x40};
    private static final byte CHECKED_IN = 0x41;
    private static final byte SUMMARY = 0x42;
    private static final byte SHARE = 0x43;
    private static final byte RECENT = 0x44;

    /** The current epoch: its number, ledger time it started, and the DCT carried into it. */
    public record EpochState(long epoch, long startedNs, long carryE9s) {}

    public record Summary(long epoch, long rewardE9s, long potE9s, int participants, long distributedE9s, long carryOutE9s) {}

    public record Share(byte[] owner, long weight, long shareE9s) {}

    private Rewards() {}

    /** The reward of {@code epoch}: 50 DCT shifted right once per 210,000 epochs. */
    public static long rewardAt(long epoch) {
        long halvings = epoch / HALVING_EPOCHS;
        return halvings >= 63 ? 0 : INITIAL_REWARD_E9S >> halvings;
    }

    public static void startFirstEpoch(Overlay state, long genesis_time_ns) {
        write(state, new EpochState(0, genesis_time_ns, 0));
    }

    public static EpochState epochState(StateReader state) {
        byte[] bytes = state.get(EPOCH);
        if (bytes == null) {
            throw new IllegalStateException("no epoch state: genesis was not applied");
        }
        return new EpochState(Values.u64(bytes, 0), Values.u64(bytes, 8), Values.u64(bytes, 16));
    }

    private static void write(Overlay state, EpochState epoch) {
        state.put(EPOCH, Values.concat(Values.u64(epoch.epoch()), Values.u64(epoch.startedNs()), Values.u64(epoch.carryE9s())));
    }

    public static long currentReward(StateReader state) {
        return rewardAt(epochState(state).epoch());
    }

    /** Remembers the hash of the block at {@code height}, so check-ins can prove they saw it. */
    public static void recordBlockHash(Overlay state, long height, byte[] hash) {
        state.put(Values.concat(new byte[] {RECENT}, Values.u64(height % RECENT_BLOCKS)), hash);
    }

    private static boolean isRecentBlockHash(StateReader state, byte[] hash) {
        for (int slot = 0; slot < RECENT_BLOCKS; slot++) {
            if (Arrays.equals(state.get(Values.concat(new byte[] {RECENT}, Values.u64(slot))), hash)) {
                return true;
            }
        }
        return false;
    }

    public static TxResult checkIn(Overlay state, TxContext context, byte[] signer, CheckIn tx) {
        if (!Registry.isProvider(state, signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only registered providers check in");
        }
        EpochState current = epochState(state);
        if (tx.epoch() != current.epoch()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, current.epoch(), "check-in is for epoch " + tx.epoch()
                    + " but the current epoch is " + current.epoch());
        }
        byte[] key = checkedInKey(current.epoch(), signer);
        if (state.get(key) != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, current.epoch(), "already checked in for epoch " + current.epoch());
        }
        if (!isRecentBlockHash(state, tx.blockHash())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "block_hash is not one of the last " + RECENT_BLOCKS + " blocks");
        }
        TxResult paid = Payments.move(state, Account.of(signer), Treasury.ACCOUNT, Registry.fee(state));
        if (!paid.ok()) {
            return paid;
        }
        state.put(key, new byte[0]);
        return TxResult.OK;
    }

    static byte[] checkedInKey(long epoch, byte[] owner) {
        return Values.concat(new byte[] {CHECKED_IN}, Values.u64(epoch), owner);
    }

    /** A participant's share of closed epoch {@code epoch}; one exists for every provider that checked in for it. */
    private static byte[] shareKey(long epoch, byte[] owner) {
        return Values.concat(new byte[] {SHARE}, Values.u64(epoch), owner);
    }

    /** Closes every epoch that ended before {@code block_time_ns} (at most a bounded number per block). */
    public static void advance(Overlay state, long block_time_ns) {
        EpochState current = epochState(state);
        long length_ns = Math.multiplyExact(Params.get(state, Param.EPOCH_LENGTH_S), 1_000_000_000L);
        for (int closed = 0; closed < EPOCHS_CLOSED_PER_BLOCK_MAX && block_time_ns >= current.startedNs() + length_ns; closed++) {
            long carry = close(state, current.epoch(), current.carryE9s());
            current = new EpochState(current.epoch() + 1, current.startedNs() + length_ns, carry);
        }
        write(state, current);
    }

    /** Pays out epoch {@code epoch}; returns what carries over. */
    static long close(Overlay state, long epoch, long carry_in) {
        long reward = rewardAt(epoch);
        long mintable = TokenRules.SUPPLY_CAP_E9S - TokenState.minted(state);
        // A carry is reward never paid, so never minted: every paid e9s is minted once, within the cap.
        long pot = Math.min(Math.addExact(reward, carry_in), mintable);
        List<byte[]> participants = new ArrayList<>();
        byte[] prefix = Values.concat(new byte[] {CHECKED_IN}, Values.u64(epoch));
        state.scan(prefix, PARTICIPANTS_MAX, (key, value) -> participants.add(Arrays.copyOfRange(key, prefix.length, key.length)));
        long[] weights = new long[participants.size()];
        long weight_total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = isqrt(Reputation.score(state, participants.get(i)));
            weight_total = Math.addExact(weight_total, weights[i]);
        }
        long distributed = 0;
        for (int i = 0; i < weights.length; i++) {
            long share = weight_total == 0 ? pot / weights.length
                    : BigInteger.valueOf(pot).multiply(BigInteger.valueOf(weights[i])).divide(BigInteger.valueOf(weight_total)).longValueExact();
            distributed += share;
            state.put(shareKey(epoch, participants.get(i)), Values.concat(Values.u64(weights[i]), Values.u64(share)));
            if (share > 0) {
                Payments.mint(state, Account.of(participants.get(i)), share);
            }
        }
        long carry_out = pot - distributed;
        Writer summary = new Writer().u64(reward).u64(pot).u32(participants.size()).u64(distributed).u64(carry_out);
        state.put(Values.concat(new byte[] {SUMMARY}, Values.u64(epoch)), summary.toBytes());
        for (byte[] participant : participants) {
            state.delete(Values.concat(prefix, participant));
        }
        return carry_out;
    }

    /** floor(sqrt(value)) for any non-negative long, exactly. */
    public static long isqrt(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("isqrt of a negative number");
        }
        long root = (long) Math.sqrt((double) value);
        // Compare by division: root * root could overflow near Long.MAX_VALUE.
        while (root > 0 && root > value / root) {
            root--;
        }
        while (root + 1 <= value / (root + 1)) {
            root++;
        }
        return root;
    }

    public static Summary summary(StateReader state, long epoch) {
        byte[] bytes = state.get(Values.concat(new byte[] {SUMMARY}, Values.u64(epoch)));
        if (bytes == null) {
            return null;
        }
        try {
            dcloud.core.codec.Reader reader = new dcloud.core.codec.Reader(bytes);
            return new Summary(epoch, reader.u64("reward"), reader.u64("pot"), (int) reader.u32("participants"),
                    reader.u64("distributed"), reader.u64("carry"));
        } catch (dcloud.core.codec.DecodeException e) {
            throw new IllegalStateException("stored epoch summary is corrupt: " + e.getMessage(), e);
        }
    }

    public static List<Share> shares(StateReader state, long epoch) {
        byte[] prefix = Values.concat(new byte[] {SHARE}, Values.u64(epoch));
        List<Share> out = new ArrayList<>();
        state.scan(prefix, PARTICIPANTS_MAX, (key, value) -> out.add(new Share(Arrays.copyOfRange(key, prefix.length, key.length),
                Values.u64(value, 0), Values.u64(value, 8))));
        return out;
    }

    /**
     * The latest reward epoch {@code owner} checked in for, looking only at the current epoch and the
     * one before it (a closed epoch keeps a share record for every participant); -1 for neither.
     */
    public static long lastCheckIn(StateReader state, byte[] owner) {
        long epoch = epochState(state).epoch();
        if (state.get(checkedInKey(epoch, owner)) != null) {
            return epoch;
        }
        if (epoch > 0 && state.get(shareKey(epoch - 1, owner)) != null) {
            return epoch - 1;
        }
        return -1;
    }

    /** Providers checked in for the current epoch so far. */
    public static List<byte[]> checkedIn(StateReader state, long epoch) {
        byte[] prefix = Values.concat(new byte[] {CHECKED_IN}, Values.u64(epoch));
        List<byte[]> out = new ArrayList<>();
        state.scan(prefix, PARTICIPANTS_MAX, (key, value) -> out.add(Arrays.copyOfRange(key, prefix.length, key.length)));
        return out;
    }
}
