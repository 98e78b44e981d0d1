package dcloud.ledger.reputation;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Reputation: non-transferable, public, never negative, and every change kept with its cause.
 * Keys: {@code 0x30 ‖ owner → score}, {@code 0x31 ‖ owner ‖ seq → event}, {@code 0x32 ‖ owner → next seq}.
 * Units are e9s-like integers (a 1 DCT payment at 1% gives 0.01 reputation = 10,000,000 units).
 */
public final class Reputation {
    public static final int HISTORY_MAX_PER_QUERY = 1000;

    public enum Cause {
        PAYMENT_SENT(1), PAYMENT_RECEIVED(2), PUNISH_SPENT(3), PUNISHED(4), CONTRACT_TERMINATED(5), STORAGE_PROOF_FAILED(6), RESULT_MISMATCH(7);

        public final int tag;

        Cause(int tag) {
            this.tag = tag;
        }

        static Cause ofTag(int tag) {
            for (Cause cause : values()) {
                if (cause.tag == tag) {
                    return cause;
                }
            }
            throw new IllegalStateException("unknown reputation cause " + tag);
        }
    }

    /** One change: at {@code height}, {@code delta} (negative for losses) for {@code cause}, with whom and why. */
    public record Event(long height, long delta, Cause cause, byte[] counterparty, String reason) {}

    private Reputation() {}

    private static byte[] scoreKey(byte[] owner) {
        return Values.concat(new byte[] {0x30}, owner);
    }

    public static long score(StateReader state, byte[] owner) {
        return Values.u64OrZero(state.get(scoreKey(owner)));
    }

    /**
     * Applies {@code delta}, flooring the score at zero, and records the change actually made.
     * Returns that change (0 when already at zero and losing).
     */
    public static long change(Overlay state, long height, byte[] owner, long delta, Cause cause, byte[] counterparty, String reason) {
        long before = score(state, owner);
        long after = delta >= 0 ? Math.addExact(before, delta) : Math.max(0, before + delta);
        if (after < 0) {
            throw new IllegalStateException("reputation must never be negative");
        }
        long applied = after - before;
        state.put(scoreKey(owner), Values.u64(after));
        byte[] seq_key = Values.concat(new byte[] {0x32}, owner);
        long seq = Values.u64OrZero(state.get(seq_key));
        state.put(seq_key, Values.u64(seq + 1));
        Writer event = new Writer().u64(height).u64(applied).u8(cause.tag).fixed(counterparty).string(reason);
        state.put(Values.concat(new byte[] {0x31}, owner, Values.u64(seq)), event.toBytes());
        return applied;
    }

    /** The newest {@code limit} events, newest first. */
    public static List<Event> history(StateReader state, byte[] owner, int limit) {
        long count = Values.u64OrZero(state.get(Values.concat(new byte[] {0x32}, owner)));
        List<Event> out = new ArrayList<>();
        for (long seq = count - 1; seq >= 0 && out.size() < Math.min(limit, HISTORY_MAX_PER_QUERY); seq--) {
            byte[] bytes = state.get(Values.concat(new byte[] {0x31}, owner, Values.u64(seq)));
            try {
                Reader reader = new Reader(bytes);
                out.add(new Event(reader.u64("height"), reader.u64("delta"), Cause.ofTag(reader.u8("cause")),
                        reader.fixed(32, "counterparty"), reader.string(1024, "reason")));
            } catch (DecodeException e) {
                throw new IllegalStateException("stored reputation event is corrupt: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
