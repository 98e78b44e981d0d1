package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.storage.EgressPayments;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.SettleEgress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes downloads pay: a piece is served only against the downloader's signed {@link EgressOrder}
 * for this node, this piece and at least the bytes asked, unexpired, unused, from an account that
 * can pay; the bytes served are then settled on-ledger in {@link SettleEgress} batches. A node that
 * charges nothing serves without orders.
 */
final class EgressBilling {
    private static final Logger log = LoggerFactory.getLogger(EgressBilling.class);
    /** Served orders waiting for settlement at most; beyond it downloads are refused until the ledger catches up. */
    static final int PENDING_MAX = 100_000;
    /** Order serials remembered to refuse a second use (they are forgotten once expired). */
    static final int SERIALS_MAX = 1_000_000;
    /** How long the ledger's epoch is trusted before it is asked again. */
    static final long EPOCH_CACHE_MS = 1_000;
    private final LedgerLink ledger;
    private final long price_per_gib_e9s;
    private final byte[] self;
    private final ArrayDeque<SettleEgress.Served> pending = new ArrayDeque<>();
    /** Orders already taken, client and serial (hex) → the epoch the order expires with (then it is forgotten). */
    private final TreeMap<String, Long> used = new TreeMap<>();
    private long epoch = -1;
    private long epoch_read_ms;

    /** Why an order was refused: the HTTP status, a code and the message. */
    record Refusal(int status, String code, String message) {}

    /** The order taken for a download, or why there is none. */
    record Taken(EgressOrder order, Refusal refusal) {
        static Taken refused(int status, String code, String message) {
            return new Taken(null, new Refusal(status, code, message));
        }
    }

    EgressBilling(LedgerLink ledger, long price_per_gib_e9s) {
        this.ledger = ledger;
        this.price_per_gib_e9s = price_per_gib_e9s;
        this.self = ledger.key().publicKey();
    }

    boolean charges() {
        return price_per_gib_e9s > 0;
    }

    /** The order in {@code header} when it is usable for {@code length} bytes of {@code contract}'s piece (it is then used up). */
    Taken take(String header, long contract, long length) {
        if (header == null || header.isBlank()) {
            return Taken.refused(402, "payment_required", "this node charges " + price_per_gib_e9s + " e9s per GiB downloaded: "
                    + "send a signed egress order in the Dcloud-Egress-Order header (dcloud storage get does)");
        }
        EgressOrder order;
        try {
            order = EgressOrder.fromBytes(Hex.decode(header.trim()));
        } catch (IllegalArgumentException | dcloud.core.codec.DecodeException e) {
            return Taken.refused(400, "bad_order", "Dcloud-Egress-Order: " + e.getMessage());
        }
        try {
            Refusal refusal = wrong(order, contract, length);
            return new Taken(order, refusal != null ? refusal : use(order));
        } catch (ApiException e) {
            return Taken.refused(503, "ledger_unreachable", "cannot check the egress order: " + e.getMessage());
        }
    }

    private Refusal wrong(EgressOrder order, long contract, long length) throws ApiException {
        if (!Arrays.equals(order.node(), self) || order.contract() != contract) {
            return new Refusal(403, "bad_order", "the order is for contract " + order.contract() + " on node " + Account.of(order.node())
                    + ", not contract " + contract + " on this node");
        }
        if (order.bytesMax() < length) {
            return new Refusal(403, "bad_order", "the order allows " + order.bytesMax() + " bytes; the request asks " + length);
        }
        long epoch_now = epoch();
        if (order.expiresEpoch() < epoch_now || order.expiresEpoch() > epoch_now + EgressPayments.ORDER_EPOCHS_MAX) {
            return new Refusal(403, "order_expired", "the order expires with epoch " + order.expiresEpoch() + "; the current epoch is "
                    + epoch_now + " and orders may run at most " + EgressPayments.ORDER_EPOCHS_MAX + " epochs ahead");
        }
        if (!order.verify(ledger.chainId())) {
            return new Refusal(403, "bad_order", "the order's signature does not verify for client " + Account.of(order.client()) + " on this chain");
        }
        long cost = EgressPayments.price(length, price_per_gib_e9s);
        JsonNode balance = ledger.get("/api/v1/accounts/" + Account.of(order.client()).toText() + "/balance");
        if (balance.path("e9s").asLong() < cost) {
            return new Refusal(402, "insufficient_funds", "account " + Account.of(order.client()) + " holds " + balance.path("e9s").asLong()
                    + " e9s, less than the " + cost + " e9s these " + length + " bytes cost");
        }
        return null;
    }

    /** Marks the order used; null when it was not used before and there is room to settle it. */
    private synchronized Refusal use(EgressOrder order) {
        if (pending.size() >= PENDING_MAX || used.size() >= SERIALS_MAX) {
            return new Refusal(503, "busy", "the node holds " + pending.size() + " unsettled downloads and " + used.size()
                    + " recent orders, its limits; try again shortly");
        }
        String key = Hex.encode(order.client()) + Hex.encode(order.serial());
        if (used.putIfAbsent(key, order.expiresEpoch()) != null) {
            return new Refusal(409, "order_used", "this egress order was already used; sign a new one per download");
        }
        return null;
    }

    /** The piece went out whole: the order joins the next settlement. */
    synchronized void served(EgressOrder order, long bytes) {
        assert bytes >= 1 && bytes <= order.bytesMax() : bytes + " bytes served on an order for " + order.bytesMax();
        pending.add(new SettleEgress.Served(order, bytes));
    }

    /** Sends pending orders in batches; returns how many went out. A batch the ledger refuses is logged; one it cannot take waits. */
    int settleOnce() {
        int sent = 0;
        while (true) {
            List<SettleEgress.Served> batch = next();
            if (batch.isEmpty()) {
                break;
            }
            try {
                ledger.send(new SettleEgress(batch));
                sent += batch.size();
            } catch (ApiException e) {
                if (e.code.equals("unreachable") || e.code.equals("busy")) {
                    requeue(batch);
                    log.warn("event=egress_settlement_deferred orders={} reason=\"{}\"", batch.size(), e.getMessage());
                    break;
                }
                log.warn("event=egress_settlement_refused orders={} reason=\"{}\"", batch.size(), e.getMessage());
            }
        }
        forgetExpired();
        if (sent > 0) {
            log.info("event=egress_settled orders={}", sent);
        }
        return sent;
    }

    private synchronized List<SettleEgress.Served> next() {
        List<SettleEgress.Served> batch = new ArrayList<>();
        while (batch.size() < SettleEgress.SERVED_MAX && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
        return batch;
    }

    private synchronized void requeue(List<SettleEgress.Served> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            pending.addFirst(batch.get(i));
        }
    }

    private synchronized void forgetExpired() {
        long epoch_now = epoch;
        used.values().removeIf(expires -> expires < epoch_now);
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    private synchronized long epoch() throws ApiException {
        long now_ms = System.currentTimeMillis();
        if (epoch < 0 || now_ms - epoch_read_ms >= EPOCH_CACHE_MS) {
            epoch = ledger.get("/api/v1/storage/epoch").path("epoch").asLong();
            epoch_read_ms = now_ms;
        }
        return epoch;
    }
}
