package dcloud.ledger.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A queue kept in state as keys {@code prefix ‖ u64 due ‖ ...}: key order is due order, so the
 * entries due by now are the first ones. Market expiries, ended storage contracts and expired egress
 * serials are such queues, each drained a bounded number per block.
 */
public final class DueQueue {
    private DueQueue() {}

    /** The first keys under {@code prefix} whose due value is at most {@code last}, at most {@code limit} of them. */
    public static List<byte[]> keysThrough(StateReader state, byte prefix, long last, int limit) {
        List<byte[]> out = new ArrayList<>();
        state.scan(new byte[] {prefix}, limit, (key, value) -> {
            if (Values.u64(key, 1) > last) {
                return false;
            }
            out.add(key);
            return true;
        });
        return out;
    }
}
