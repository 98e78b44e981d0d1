package dcloud.ledger.compute;

import dcloud.ledger.TxContext;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.ComputeNodeRegistration;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Compute agents: {@code 0x7A ‖ owner → node}. One agent per provider account. */
public final class ComputeNodes {
    public static final int LIST_MAX = 10_000;
    /** Kinds an agent may announce; a new provisioner kind is added here. */
    public static final Set<String> KINDS = Set.of("wasm", "process", "oci", "vm");
    static final byte PREFIX = 0x7A;

    private ComputeNodes() {}

    static byte[] key(byte[] owner) {
        return Values.concat(new byte[] {PREFIX}, owner);
    }

    public static ComputeNode get(StateReader state, byte[] owner) {
        byte[] bytes = state.get(key(owner));
        return bytes == null ? null : ComputeNode.decode(bytes);
    }

    static void put(Overlay state, ComputeNode node) {
        state.put(key(node.owner()), node.encode());
    }

    /** Every registered agent in key order (at most {@link #LIST_MAX}). */
    public static List<ComputeNode> list(StateReader state) {
        List<ComputeNode> out = new ArrayList<>();
        state.scan(new byte[] {PREFIX}, LIST_MAX, (key, value) -> out.add(ComputeNode.decode(value)));
        return out;
    }

    public static TxResult register(Overlay state, TxContext context, byte[] signer, ComputeNodeRegistration tx) {
        if (!Registry.isProvider(state, signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only registered providers run compute agents (dcloud provider register)");
        }
        String invalid = validate(tx);
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        ComputeNode before = get(state, signer);
        put(state, new ComputeNode(signer, tx.agentUrl(), tx.ingressDomain().toLowerCase(java.util.Locale.ROOT), tx.kinds(),
                before == null ? 0 : before.resultsAgreed(), before == null ? 0 : before.resultsDisagreed(),
                before == null ? context.height() : before.registeredHeight()));
        return TxResult.OK;
    }

    static String validate(ComputeNodeRegistration tx) {
        String url = tx.agentUrl();
        if (!(url.startsWith("http://") || url.startsWith("https://")) || url.length() < 10 || url.contains(" ")) {
            return "agent_url must be an http:// or https:// URL without spaces, got '" + url + "'";
        }
        if (!tx.ingressDomain().matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            return "ingress_domain must be a DNS name (letters, digits, hyphens, dots), got '" + tx.ingressDomain() + "'";
        }
        if (tx.kinds().isEmpty()) {
            return "kinds must name at least one workload kind the agent can run";
        }
        for (String kind : tx.kinds()) {
            if (!KINDS.contains(kind)) {
                return "kinds: unknown workload kind '" + kind + "' (known: oci, process, vm, wasm)";
            }
        }
        if (tx.kinds().stream().distinct().count() != tx.kinds().size()) {
            return "kinds must not repeat";
        }
        return null;
    }
}
