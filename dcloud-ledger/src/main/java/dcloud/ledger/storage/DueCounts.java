package dcloud.ledger.storage;

import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * How many contracts each node must prove in each epoch, kept as changes: {@code 0x7E ‖ epoch ‖ node
 * → change} takes effect when {@code epoch} starts. A contract covering epochs [a, b] adds +1 at a
 * and −1 at b + 1. The epoch change then updates each node's count from these few keys instead of
 * visiting every contract, which is what lets the network hold more contracts than one block can touch.
 */
public final class DueCounts {
    /** Changes one epoch change may apply: at most one key per node per epoch it spans. */
    static final long CHANGES_PER_EPOCH_CHANGE_MAX = (long) StorageNodes.NODES_MAX * dcloud.ledger.rewards.Rewards.EPOCHS_CLOSED_PER_BLOCK_MAX;
    private static final byte PREFIX = 0x7E;

    private DueCounts() {}

    private static byte[] key(long epoch, byte[] node) {
        return Values.concat(new byte[] {PREFIX}, Values.u64(epoch), node);
    }

    /** A new contract: its node must prove it in each epoch it covers, all of them after {@code epoch_now}. */
    static void open(Overlay state, StorageContract c, long epoch_now) {
        assert c.startEpoch() > epoch_now && c.startEpoch() <= c.endEpoch() : "contract " + c.id() + " opens in a later epoch";
        change(state, key(c.startEpoch(), c.node()), 1);
        change(state, key(c.endEpoch() + 1, c.node()), -1);
    }

    /**
     * A contract closing in {@code epoch_now} is due in no later epoch. In the current epoch it stays
     * counted if it was proven (the node did its part), and otherwise leaves the node's current count:
     * the returned change to {@link StorageNode#contractsDue()}, 0 or −1.
     */
    static long close(Overlay state, StorageContract c, long epoch_now) {
        if (c.endEpoch() < epoch_now) {
            return 0;
        }
        if (c.startEpoch() > epoch_now) {
            change(state, key(c.startEpoch(), c.node()), -1);
            change(state, key(c.endEpoch() + 1, c.node()), 1);
            return 0;
        }
        change(state, key(c.endEpoch() + 1, c.node()), 1);
        if (c.lastProvenEpoch() == epoch_now) {
            change(state, key(epoch_now + 1, c.node()), -1);
            return 0;
        }
        return -1;
    }

    private static void change(Overlay state, byte[] key, long delta) {
        long sum = Values.u64OrZero(state.get(key)) + delta;
        if (sum == 0) {
            state.delete(key);
        } else {
            state.put(key, Values.u64(sum));
        }
    }

    /** Removes and sums, per node, the changes that take effect in epochs [first, last]. */
    static TreeMap<byte[], Long> take(Overlay state, long first, long last) {
        List<byte[]> keys = new ArrayList<>();
        TreeMap<byte[], Long> sums = new TreeMap<>(Arrays::compareUnsigned);
        byte[] prefix = {PREFIX};
        state.scan(prefix, key(first, new byte[0]), (int) Math.min(Integer.MAX_VALUE, CHANGES_PER_EPOCH_CHANGE_MAX), (key, value) -> {
            if (Values.u64(key, 1) > last) {
                return false;
            }
            keys.add(key);
            sums.merge(Arrays.copyOfRange(key, 9, key.length), Values.u64(value, 0), Long::sum);
            return true;
        });
        assert keys.size() < CHANGES_PER_EPOCH_CHANGE_MAX : "due-count changes reached their bound";
        keys.forEach(state::delete);
        return sums;
    }

    /**
     * Null when every node's current count and its pending changes agree, else the first node that
     * breaks it. Each contract counted now ends with one −1 still pending, and a contract not yet
     * started has a +1 and a −1, so per node the count plus the pending changes is zero. For tests and
     * audits: it reads every pending key.
     */
    public static String audit(StateReader state) {
        TreeMap<byte[], Long> sums = new TreeMap<>(Arrays::compareUnsigned);
        state.scan(new byte[] {PREFIX}, Integer.MAX_VALUE, (key, value) -> {
            sums.merge(Arrays.copyOfRange(key, 9, key.length), Values.u64(value, 0), Long::sum);
            return true;
        });
        for (StorageNode node : StorageNodes.list(state)) {
            long pending = sums.getOrDefault(node.owner(), 0L);
            if (node.contractsDue() + pending != 0 || node.contractsProven() > node.contractsDue()) {
                return "storage node " + dcloud.core.account.Account.of(node.owner()) + " counts " + node.contractsDue() + " contracts due ("
                        + node.contractsProven() + " proven) but its pending changes sum to " + pending;
            }
        }
        return null;
    }
}
