package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.storage.EgressPayments;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.SettleEgress;
import dcloud.node.provider.LedgerLink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** Orders one settlement pass sends at most (in txs of {@link SettleEgress#SERVED_MAX}). */
    static final int SETTLE_ORDERS_PER_PASS_MAX = 64 * SettleEgress.SERVED_MAX;
    /** How long one settlement pass waits for its txs' block; what is not committed by then is sent again next pass. */
    static final long SETTLE_WAIT_MS = 3_000;
    /** Expired serials forgotten per pass at most. */
    static final int FORGET_PER_PASS_MAX = 10_000;
    /** How long the ledger's epoch is trusted before it is asked again. */
    static final long EPOCH_CACHE_MS = 1_000;
    private final LedgerLink ledger;
    private final EgressJournal journal;
    private final long price_per_gib_e9s;
    private final byte[] self;
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

    /** One settlement tx sent and the journal entries it covers. */
    private record Sent(dcloud.ledger.tx.SignedTx tx, List<EgressJournal.Entry> entries) {}

    EgressBilling(LedgerLink ledger, EgressJournal journal, long price_per_gib_e9s) {
        this.ledger = ledger;
        this.journal = journal;
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

    /** Marks the order used and reserves its settlement slot; null when it was not used before and there was room. */
    private Refusal use(EgressOrder order) {
        try {
            return switch (journal.take(order, PENDING_MAX, SERIALS_MAX)) {
                case TAKEN -> null;
                case USED_BEFORE -> new Refusal(409, "order_used", "this egress order was already used; sign a new one per download");
                case FULL -> new Refusal(503, "busy", "the node holds " + PENDING_MAX + " unsettled downloads or " + SERIALS_MAX
                        + " recent orders, its limits; try again shortly");
            };
        } catch (IOException e) {
            return new Refusal(503, "journal_unavailable", "the node cannot record the order: " + e.getMessage());
        }
    }

    /**
     * The download on a taken order ended after {@code bytes} went out (all it asked for, or fewer
     * when the client hung up): they join the next settlement. Zero bytes only frees the order's slot.
     */
    void finished(EgressOrder order, long bytes) {
        assert bytes >= 0 && bytes <= order.bytesMax() : bytes + " bytes served on an order for " + order.bytesMax();
        if (bytes == 0) {
            journal.release();
            return;
        }
        try {
            journal.served(order, bytes);
        } catch (IOException e) {
            log.error("event=egress_unrecorded client={} bytes={} reason=\"{}\"", Account.of(order.client()), bytes, e.getMessage());
        }
    }

    /**
     * One settlement pass: sends the oldest unsettled downloads in batches, waits (bounded) for their
     * block and drops from the journal what a committed tx covered. A tx the ledger applied but
     * refused is dropped too (it would be refused again); one it has not committed yet stays and is
     * sent again next pass, where the orders it did settle meanwhile are skipped as already settled.
     * Returns how many downloads left the journal.
     */
    int settleOnce() {
        int settled = 0;
        try {
            List<Sent> sent = send(journal.unsettled(SETTLE_ORDERS_PER_PASS_MAX));
            long deadline_ms = System.currentTimeMillis() + SETTLE_WAIT_MS;
            for (Sent batch : sent) {
                if (committedOrRefused(batch, deadline_ms)) {
                    journal.settled(batch.entries());
                    settled += batch.entries().size();
                }
            }
            long epoch_known = knownEpoch();
            if (epoch_known >= 0) {
                journal.forgetExpired(epoch_known, FORGET_PER_PASS_MAX);
            }
        } catch (IOException e) {
            log.error("event=egress_journal_failed reason=\"{}\"", e.getMessage());
        }
        if (settled > 0) {
            log.info("event=egress_settled orders={}", settled);
        }
        return settled;
    }

    private List<Sent> send(List<EgressJournal.Entry> due) throws IOException {
        List<Sent> sent = new ArrayList<>();
        for (int from = 0; from < due.size(); from += SettleEgress.SERVED_MAX) {
            List<EgressJournal.Entry> entries = due.subList(from, Math.min(due.size(), from + SettleEgress.SERVED_MAX));
            try {
                sent.add(new Sent(ledger.send(new SettleEgress(entries.stream().map(EgressJournal.Entry::served).toList())), entries));
            } catch (ApiException e) {
                if (e.code.equals("unreachable") || e.code.equals("busy")) {
                    log.warn("event=egress_settlement_deferred orders={} reason=\"{}\"", due.size() - from, e.getMessage());
                    break;
                }
                log.warn("event=egress_settlement_refused orders={} reason=\"{}\"", entries.size(), e.getMessage());
                journal.settled(entries);
            }
        }
        return sent;
    }

    /** True when {@code batch}'s tx is in a block (settled, or refused for good); false when not yet by the deadline. */
    private boolean committedOrRefused(Sent batch, long deadline_ms) {
        long wait_ms = Math.max(0, deadline_ms - System.currentTimeMillis());
        JsonNode record;
        try {
            record = ledger.txRecord(batch.tx().hashHex(), wait_ms);
        } catch (ApiException e) {
            log.warn("event=egress_settlement_unconfirmed orders={} reason=\"{}\"", batch.entries().size(), e.getMessage());
            return false;
        }
        if (record != null && !record.path("status").asText().equals("committed")) {
            log.warn("event=egress_settlement_refused orders={} reason=\"{}\"", batch.entries().size(), record.path("error").path("message").asText());
        }
        return record != null;
    }

    long unsettledCount() {
        return journal.unsettledCount();
    }

    /** The epoch last read from the ledger, or -1 before the first read. */
    private synchronized long knownEpoch() {
        return epoch;
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
