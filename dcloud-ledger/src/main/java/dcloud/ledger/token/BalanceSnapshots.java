package dcloud.ledger.token;

import dcloud.core.account.Account;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Balances as they were when a snapshot opened (governance voting power), recorded lazily: the first
 * time an owner's default balance changes while a snapshot is open, its old value is kept. An owner
 * whose balance never changed still has its snapshot balance as its current one. Cost: one read per
 * open snapshot per balance write, and at most {@link #OPEN_MAX} snapshots are open at once.
 */
public final class BalanceSnapshots {
    public static final int OPEN_MAX = 32;
    private static final byte[] OPEN = {0x15};
    private static final byte RECORDED = 0x16;

    private BalanceSnapshots() {}

    public static List<Long> open(StateReader state) {
        byte[] bytes = state.get(OPEN);
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; bytes != null && offset < bytes.length; offset += 8) {
            ids.add(Values.u64(bytes, offset));
        }
        return ids;
    }

    private static void writeOpen(Overlay state, List<Long> ids) {
        if (ids.isEmpty()) {
            state.delete(OPEN);
            return;
        }
        byte[] out = new byte[ids.size() * 8];
        for (int i = 0; i < ids.size(); i++) {
            System.arraycopy(Values.u64(ids.get(i)), 0, out, i * 8, 8);
        }
        state.put(OPEN, out);
    }

    /** Opens snapshot {@code id}; false when {@link #OPEN_MAX} are already open. */
    public static boolean start(Overlay state, long id) {
        List<Long> ids = open(state);
        if (ids.size() >= OPEN_MAX) {
            return false;
        }
        ids.add(id);
        writeOpen(state, ids);
        return true;
    }

    /** Closes snapshot {@code id}, removing up to {@code cleanup_max} of its recorded balances. */
    public static void stop(Overlay state, long id, int cleanup_max) {
        List<Long> ids = open(state);
        ids.remove(Long.valueOf(id));
        writeOpen(state, ids);
        byte[] prefix = Values.concat(new byte[] {RECORDED}, Values.u64(id));
        List<byte[]> keys = new ArrayList<>();
        state.scan(prefix, cleanup_max, (key, value) -> keys.add(key));
        keys.forEach(state::delete);
    }

    /** Called before every balance write of an owner's default account. */
    static void beforeChange(Overlay state, Account account, long balance_before) {
        if (!account.hasDefaultSubaccount()) {
            return;
        }
        for (long id : open(state)) {
            byte[] key = Values.concat(new byte[] {RECORDED}, Values.u64(id), account.owner());
            if (state.get(key) == null) {
                state.put(key, Values.u64(balance_before));
            }
        }
    }

    /** The owner's default balance when snapshot {@code id} opened. */
    public static long balanceAt(StateReader state, long id, byte[] owner) {
        byte[] recorded = state.get(Values.concat(new byte[] {RECORDED}, Values.u64(id), owner));
        return recorded != null ? Values.u64(recorded, 0) : TokenState.balance(state, Account.of(owner));
    }
}
