package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.reputation.ReputationLedger;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.DueQueue;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.EgressOrder;
import dcloud.ledger.tx.SettleEgress;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Downloads are paid from the downloader's balance by the orders it signed: a node settles what it
 * served, the ledger pays it at the node's egress price (fee and reputation as any payment) and
 * remembers each order's serial until the order expires ({@code 0x80 ‖ expires epoch ‖ client ‖
 * serial}), so an order pays once.
 */
public final class EgressPayments {
    /** An order may name an expiry at most this many epochs ahead, which bounds how long its serial is kept. */
    public static final long ORDER_EPOCHS_MAX = 8;
    /** Expired serials forgotten per block at most. */
    static final int SERIALS_PRUNED_PER_BLOCK_MAX = 1_000;
    private static final byte PREFIX = (byte) 0x80;

    private EgressPayments() {}

    private static byte[] serialKey(EgressOrder order) {
        return Values.concat(new byte[] {PREFIX}, Values.u64(order.expiresEpoch()), order.client(), order.serial());
    }

    /** What {@code bytes} downloaded cost at {@code price_per_gib_e9s}: rounded up, like storage. */
    public static long price(long bytes, long price_per_gib_e9s) {
        return StorageContracts.pricePerEpoch(bytes, price_per_gib_e9s);
    }

    /**
     * Pays the signer for each order it served. An order that is forged, names another node, or
     * claims more bytes than it allows rejects the whole tx (the tx then has no effect). An order that
     * expired, was already settled, or whose client cannot pay now is skipped: the node could not know.
     */
    public static TxResult settle(Overlay state, TxContext context, byte[] signer, SettleEgress tx) {
        StorageNode node = StorageNodes.get(state, signer);
        if (node == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only storage nodes settle egress; " + Account.of(signer) + " is not one");
        }
        long epoch = Rewards.epochState(state).epoch();
        List<String> skipped = new ArrayList<>();
        long paid = 0;
        int settled = 0;
        for (int i = 0; i < tx.served().size(); i++) {
            SettleEgress.Served item = tx.served().get(i);
            String field = "served[" + i + "]: ";
            String wrong = wrongOrder(context, signer, item, epoch);
            if (wrong != null) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, i, field + wrong);
            }
            long amount = price(item.bytes(), node.egressPricePerGibE9s());
            String skip = skipReason(state, context, item.order(), epoch, amount);
            if (skip != null) {
                skipped.add(field + skip);
                continue;
            }
            state.put(serialKey(item.order()), new byte[0]);
            paid = Math.addExact(paid, amount);
            settled++;
        }
        if (settled == 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "nothing to settle: " + skipped.get(0));
        }
        String message = "settled " + settled + " of " + tx.served().size() + " orders, " + Amount.display(paid)
                + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + ", first " + skipped.get(0));
        return new TxResult(TxStatus.OK, message, settled);
    }

    /** Why the signer may never settle this order (null when it may). */
    private static String wrongOrder(TxContext context, byte[] signer, SettleEgress.Served item, long epoch) {
        EgressOrder order = item.order();
        if (!Arrays.equals(order.node(), signer)) {
            return "the order is for node " + Account.of(order.node()) + ", not the signer";
        }
        if (item.bytes() < 1 || item.bytes() > order.bytesMax()) {
            return "bytes must be between 1 and the order's bytes_max " + order.bytesMax() + ", got " + item.bytes();
        }
        if (order.expiresEpoch() > epoch + ORDER_EPOCHS_MAX) {
            return "expires_epoch " + order.expiresEpoch() + " is more than " + ORDER_EPOCHS_MAX + " epochs after the current " + epoch;
        }
        if (!order.verify(context.chain().chainId())) {
            return "the order's signature does not verify for client " + Account.of(order.client()) + " on this chain";
        }
        return null;
    }

    /** Why this good order pays nothing now (null when it pays, and then it has been paid). */
    private static String skipReason(Overlay state, TxContext context, EgressOrder order, long epoch, long amount) {
        if (order.expiresEpoch() < epoch) {
            return "the order expired with epoch " + order.expiresEpoch();
        }
        if (state.get(serialKey(order)) != null) {
            return "the order was already settled";
        }
        if (amount == 0) {
            return "the node's egress price is 0";
        }
        TxResult moved = ReputationLedger.settle(state, context.height(), Account.of(order.client()), order.client(), order.node(), amount);
        return moved.ok() ? null : "client " + Account.of(order.client()) + " cannot pay " + Amount.display(amount) + ": " + moved.message();
    }

    /** Before a block's txs: forget serials of orders that expired, oldest first, at most {@link #SERIALS_PRUNED_PER_BLOCK_MAX}. */
    public static void pruneExpired(Overlay state, long epoch_now) {
        DueQueue.keysThrough(state, PREFIX, epoch_now - 1, SERIALS_PRUNED_PER_BLOCK_MAX).forEach(state::delete);
    }
}
