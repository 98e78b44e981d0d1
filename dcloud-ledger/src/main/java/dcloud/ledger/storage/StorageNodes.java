package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.ledger.TxContext;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.StorageNodeRegistration;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Storage nodes: {@code 0x70 ‖ owner → node}, {@code 0x7F → number of nodes}. One node per provider
 * account; a provider runs more under more accounts.
 */
public final class StorageNodes {
    /** Every epoch change visits every node, so their number is bounded. */
    public static final int NODES_MAX = 10_000;
    static final byte PREFIX = 0x70;
    private static final byte[] COUNT = {0x7F};

    private StorageNodes() {}

    static byte[] key(byte[] owner) {
        return Values.concat(new byte[] {PREFIX}, owner);
    }

    public static StorageNode get(StateReader state, byte[] owner) {
        byte[] bytes = state.get(key(owner));
        return bytes == null ? null : StorageNode.decode(bytes);
    }

    static void put(Overlay state, StorageNode node) {
        state.put(key(node.owner()), node.encode());
    }

    /** Every registered storage node in key order (at most {@link #NODES_MAX}, which is all of them). */
    public static List<StorageNode> list(StateReader state) {
        List<StorageNode> out = new ArrayList<>();
        state.scan(new byte[] {PREFIX}, NODES_MAX, (key, value) -> out.add(StorageNode.decode(value)));
        assert out.size() == count(state) : "listed " + out.size() + " of " + count(state) + " storage nodes";
        return out;
    }

    public static long count(StateReader state) {
        return Values.u64OrZero(state.get(COUNT));
    }

    public static TxResult register(Overlay state, TxContext context, byte[] signer, StorageNodeRegistration tx) {
        if (!Registry.isProvider(state, signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only registered providers run storage nodes (dcloud provider register)");
        }
        String invalid = validate(tx);
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        StorageNode before = get(state, signer);
        if (before == null && count(state) >= NODES_MAX) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, NODES_MAX, "the network has " + NODES_MAX
                    + " storage nodes, the most it takes");
        }
        if (before != null && tx.capacityBytes() < before.usedBytes()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, before.usedBytes(), "capacity_bytes " + tx.capacityBytes()
                    + " is below the " + before.usedBytes() + " bytes contracts already hold on node " + Account.of(signer));
        }
        StorageNode node = before == null
                ? new StorageNode(signer, tx.endpoint(), tx.capacityBytes(), tx.pricePerGibEpochE9s(), tx.egressPricePerGibE9s(),
                        0, 0, 0, 0, false, context.height(), 0, 0)
                : new StorageNode(signer, tx.endpoint(), tx.capacityBytes(), tx.pricePerGibEpochE9s(), tx.egressPricePerGibE9s(),
                        before.usedBytes(), before.proofsTotal(), before.failsTotal(), before.failsConsecutive(), before.disqualified(),
                        before.registeredHeight(), before.contractsDue(), before.contractsProven());
        put(state, node);
        if (before == null) {
            state.put(COUNT, Values.u64(count(state) + 1));
        }
        return TxResult.OK;
    }

    static String validate(StorageNodeRegistration tx) {
        String endpoint = tx.endpoint();
        if (!(endpoint.startsWith("http://") || endpoint.startsWith("https://")) || endpoint.length() < 10 || endpoint.contains(" ")) {
            return "endpoint must be an http:// or https:// URL without spaces, got '" + endpoint + "'";
        }
        if (tx.capacityBytes() < 1) {
            return "capacity_bytes must be positive";
        }
        return null;
    }
}
