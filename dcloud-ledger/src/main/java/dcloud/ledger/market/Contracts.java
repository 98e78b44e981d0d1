package dcloud.ledger.market;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.reputation.ReputationLedger;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.Payments;
import dcloud.ledger.tx.AutoAccept;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rental contracts with escrow, settled lazily like Akash: at every event on a contract, at every
 * reward epoch, and at its end. What the provider has earned after t of h hours is
 * floor(price × t / 1 h), computed from the start each time, so settlement in many steps pays
 * exactly what one step would. Keys: {@code 0x62 ‖ id → contract}, {@code 0x63 ‖ deadline ‖ id}
 * (requests), {@code 0x64 ‖ end ‖ id} (active), {@code 0x65 ‖ provider ‖ id}, {@code 0x66 ‖ developer ‖ id},
 * {@code 0x67 → next id}, {@code 0x69 ‖ provider → auto-accept rule}.
 */
public final class Contracts {
    static final long HOUR_NS = 3_600_000_000_000L;
    public static final int EXPIRIES_PER_BLOCK_MAX = 1_000;
    public static final int SETTLEMENTS_PER_EPOCH_MAX = 10_000;
    private static final byte[] NEXT = {0x67};

    private Contracts() {}

    static byte[] key(long id) {
        return Values.concat(new byte[] {0x62}, Values.u64(id));
    }

    public static Contract get(StateReader state, long id) {
        byte[] bytes = state.get(key(id));
        return bytes == null ? null : Contract.decode(bytes);
    }

    private static void put(Overlay state, Contract contract) {
        state.put(key(contract.id()), contract.encode());
    }

    private static byte[] requestIndex(Contract c) {
        return Values.concat(new byte[] {0x63}, Values.u64(c.requestDeadlineNs()), Values.u64(c.id()));
    }

    private static byte[] activeIndex(Contract c) {
        return Values.concat(new byte[] {0x64}, Values.u64(c.endsNs()), Values.u64(c.id()));
    }

    public static byte[] byProviderPrefix(byte[] provider) {
        return Values.concat(new byte[] {0x65}, provider);
    }

    public static byte[] byDeveloperPrefix(byte[] developer) {
        return Values.concat(new byte[] {0x66}, developer);
    }

    public static TxResult rent(Overlay state, TxContext context, byte[] developer, Rent tx) {
        StoredOffering offering = Offerings.get(state, tx.offering());
        if (offering == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "no offering " + tx.offering());
        }
        if (offering.withdrawn()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "offering " + tx.offering() + " was withdrawn");
        }
        if (Arrays.equals(offering.provider(), developer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "a provider cannot rent its own offering");
        }
        if (tx.hours() < offering.offering().minHours() || tx.hours() > offering.offering().maxHours()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "hours must be between " + offering.offering().minHours() + " and "
                    + offering.offering().maxHours() + " for offering " + tx.offering() + ", got " + tx.hours());
        }
        if (offering.freeCapacity() == 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "offering " + tx.offering() + " is fully booked (capacity "
                    + offering.offering().capacity() + ")");
        }
        long price = offering.offering().pricePerHourE9s();
        long total = Math.multiplyExact(price, tx.hours());
        TxResult escrowed = Payments.move(state, Account.of(developer), Escrow.ACCOUNT, total);
        if (!escrowed.ok()) {
            return escrowed;
        }
        long id = Values.u64OrZero(state.get(NEXT)) + 1;
        state.put(NEXT, Values.u64(id));
        long deadline = context.blockTimeNs() + Params.get(state, Param.MARKET_REQUEST_TIMEOUT_S) * 1_000_000_000L;
        Contract contract = new Contract(id, offering.number(), offering.provider(), developer, price, tx.hours(), Contract.State.REQUESTED,
                Contract.CloseReason.NONE, context.blockTimeNs(), deadline, 0, 0, total, 0, 0, tx.accessKey(), tx.request(), new byte[0], "");
        put(state, contract);
        state.put(requestIndex(contract), new byte[0]);
        state.put(Values.concat(byProviderPrefix(offering.provider()), Values.u64(id)), new byte[0]);
        state.put(Values.concat(byDeveloperPrefix(developer), Values.u64(id)), new byte[0]);
        Offerings.put(state, offering.withInUse(offering.inUse() + 1));
        if (autoAccepts(state, offering.provider(), developer, tx.hours())) {
            activate(state, context.blockTimeNs(), contract);
        }
        return new TxResult(TxStatus.OK, "contract " + id, id);
    }

    private static boolean autoAccepts(StateReader state, byte[] provider, byte[] developer, long hours) {
        byte[] rule = state.get(Values.concat(new byte[] {0x69}, provider));
        return rule != null && rule[0] == 1 && Reputation.score(state, developer) >= Values.u64(rule, 1) && hours <= Values.u64(rule, 9);
    }

    public static TxResult setAutoAccept(Overlay state, byte[] provider, AutoAccept tx) {
        if (!dcloud.ledger.registry.Registry.isProvider(state, provider)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only registered providers set auto-accept rules");
        }
        state.put(Values.concat(new byte[] {0x69}, provider), Values.concat(new byte[] {(byte) (tx.enabled() ? 1 : 0)},
                Values.u64(tx.minReputation()), Values.u64(tx.maxHours())));
        return TxResult.OK;
    }

    private static void activate(Overlay state, long now_ns, Contract requested) {
        state.delete(requestIndex(requested));
        long ends = Math.addExact(now_ns, Math.multiplyExact(requested.hours(), HOUR_NS));
        Contract active = requested.with(Contract.State.ACTIVE, Contract.CloseReason.NONE, now_ns, ends, requested.escrowE9s(),
                0, 0, requested.hours(), requested.access(), requested.note());
        put(state, active);
        state.put(activeIndex(active), new byte[0]);
    }

    public static TxResult act(Overlay state, TxContext context, byte[] signer, ContractAction tx) {
        if (tx.action() == ContractAction.Action.WITHDRAW_OFFERING) {
            return Offerings.withdraw(state, signer, tx.target());
        }
        Contract contract = get(state, tx.target());
        if (contract == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "no contract " + tx.target());
        }
        if (tx.action() == ContractAction.Action.POST_RESULT) {
            return dcloud.ledger.compute.JobResults.post(state, signer, contract, tx.data());
        }
        boolean by_provider = Arrays.equals(signer, contract.provider());
        boolean by_developer = Arrays.equals(signer, contract.developer());
        boolean provider_action = switch (tx.action()) {
            case ACCEPT, REJECT, TERMINATE, POST_ACCESS -> true;
            default -> false;
        };
        if (provider_action ? !by_provider : !by_developer) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only the contract's " + (provider_action ? "provider" : "developer")
                    + " may " + tx.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " contract " + contract.id());
        }
        Contract.State needed = tx.action() == ContractAction.Action.ACCEPT || tx.action() == ContractAction.Action.REJECT
                ? Contract.State.REQUESTED : Contract.State.ACTIVE;
        if (contract.state() != needed) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "contract " + contract.id() + " is " + contract.state().name().toLowerCase(java.util.Locale.ROOT)
                    + "; " + tx.action().name().toLowerCase(java.util.Locale.ROOT) + " needs it " + needed.name().toLowerCase(java.util.Locale.ROOT));
        }
        long now = context.blockTimeNs();
        return switch (tx.action()) {
            case ACCEPT -> {
                activate(state, now, contract);
                yield TxResult.OK;
            }
            case REJECT -> {
                close(state, context.height(), now, contract, Contract.CloseReason.REJECTED, tx.reason());
                yield TxResult.OK;
            }
            case CANCEL -> {
                close(state, context.height(), now, settle(state, context.height(), now, contract), Contract.CloseReason.CANCELLED, tx.reason());
                yield TxResult.OK;
            }
            case TERMINATE -> {
                close(state, context.height(), now, settle(state, context.height(), now, contract), Contract.CloseReason.TERMINATED, tx.reason());
                Reputation.change(state, context.height(), contract.provider(), 0, Reputation.Cause.CONTRACT_TERMINATED, contract.developer(),
                        "terminated contract " + contract.id() + (tx.reason().isBlank() ? "" : ": " + tx.reason()));
                yield TxResult.OK;
            }
            case EXTEND -> extend(state, context, settle(state, context.height(), now, contract), tx.hours());
            case POST_ACCESS -> {
                put(state, contract.with(contract.state(), contract.closeReason(), contract.startedNs(), contract.endsNs(), contract.escrowE9s(),
                        contract.paidE9s(), contract.refundedE9s(), contract.hours(), tx.data(), contract.note()));
                yield TxResult.OK;
            }
            case WITHDRAW_OFFERING, POST_RESULT -> throw new IllegalStateException("handled above");
        };
    }

    private static TxResult extend(Overlay state, TxContext context, Contract contract, long extra_hours) {
        StoredOffering offering = Offerings.get(state, contract.offering());
        long hours = contract.hours() + extra_hours;
        if (extra_hours < 1 || hours > offering.offering().maxHours()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "extension must be at least 1 hour and keep the total within max_hours "
                    + offering.offering().maxHours() + " (now " + contract.hours() + ")");
        }
        long more = Math.multiplyExact(contract.pricePerHourE9s(), extra_hours);
        TxResult escrowed = Payments.move(state, Account.of(contract.developer()), Escrow.ACCOUNT, more);
        if (!escrowed.ok()) {
            return escrowed;
        }
        state.delete(activeIndex(contract));
        Contract extended = contract.with(Contract.State.ACTIVE, Contract.CloseReason.NONE, contract.startedNs(),
                contract.endsNs() + extra_hours * HOUR_NS, contract.escrowE9s() + more, contract.paidE9s(), contract.refundedE9s(), hours,
                contract.access(), contract.note());
        put(state, extended);
        state.put(activeIndex(extended), new byte[0]);
        return TxResult.OK;
    }

    /** Pays the provider what it earned up to {@code now} (capped at the contract's end). */
    static Contract settle(Overlay state, long height, long now_ns, Contract c) {
        if (c.state() != Contract.State.ACTIVE) {
            return c;
        }
        long elapsed = Math.max(0, Math.min(now_ns, c.endsNs()) - c.startedNs());
        long earned = BigInteger.valueOf(c.pricePerHourE9s()).multiply(BigInteger.valueOf(elapsed))
                .divide(BigInteger.valueOf(HOUR_NS)).longValueExact();
        long due = Math.min(earned - c.paidE9s(), c.escrowE9s());
        if (due <= 0) {
            return c;
        }
        TxResult paid = ReputationLedger.settle(state, height, Escrow.ACCOUNT, c.developer(), c.provider(), due);
        if (!paid.ok()) {
            throw new IllegalStateException("escrow cannot pay contract " + c.id() + ": " + paid.message());
        }
        Contract settled = c.with(c.state(), c.closeReason(), c.startedNs(), c.endsNs(), c.escrowE9s() - due, c.paidE9s() + due,
                c.refundedE9s(), c.hours(), c.access(), c.note());
        put(state, settled);
        return settled;
    }

    /** Refunds what is left in escrow, frees the offering's slot and records why the contract ended. */
    static void close(Overlay state, long height, long now_ns, Contract c, Contract.CloseReason reason, String note) {
        if (c.state() == Contract.State.REQUESTED) {
            state.delete(requestIndex(c));
        } else {
            state.delete(activeIndex(c));
        }
        long refund = c.escrowE9s();
        if (refund > 0) {
            TxResult moved = Payments.move(state, Escrow.ACCOUNT, Account.of(c.developer()), refund);
            if (!moved.ok()) {
                throw new IllegalStateException("escrow cannot refund contract " + c.id() + ": " + moved.message());
            }
        }
        put(state, c.with(Contract.State.CLOSED, reason, c.startedNs(), c.state() == Contract.State.ACTIVE ? Math.min(c.endsNs(), now_ns) : 0,
                0, c.paidE9s(), c.refundedE9s() + refund, c.hours(), c.access(), note == null ? "" : note));
        StoredOffering offering = Offerings.get(state, c.offering());
        Offerings.put(state, offering.withInUse(Math.max(0, offering.inUse() - 1)));
    }

    /** Before a block's txs: expire unanswered requests and end contracts whose time is up (bounded). */
    public static void beginBlock(Overlay state, long height, long now_ns) {
        for (byte[] key : due(state, (byte) 0x63, now_ns)) {
            close(state, height, now_ns, get(state, Values.u64(key, 9)), Contract.CloseReason.REQUEST_EXPIRED, "not answered in time");
        }
        for (byte[] key : due(state, (byte) 0x64, now_ns)) {
            Contract c = settle(state, height, now_ns, get(state, Values.u64(key, 9)));
            close(state, height, now_ns, c, Contract.CloseReason.EXPIRED, "");
        }
    }

    private static List<byte[]> due(StateReader state, byte prefix, long now_ns) {
        return dcloud.ledger.state.DueQueue.keysThrough(state, prefix, now_ns, EXPIRIES_PER_BLOCK_MAX);
    }

    /** At a reward epoch: settle every active contract up to now (bounded). */
    public static void settleActive(Overlay state, long height, long now_ns) {
        List<Long> ids = new ArrayList<>();
        state.scan(new byte[] {0x64}, SETTLEMENTS_PER_EPOCH_MAX, (key, value) -> ids.add(Values.u64(key, 9)));
        for (long id : ids) {
            settle(state, height, now_ns, get(state, id));
        }
    }

    /** Contracts listed under a provider or developer prefix, newest first. */
    public static List<Contract> list(StateReader state, byte[] prefix, int limit) {
        List<Long> ids = new ArrayList<>();
        state.scan(prefix, 100_000, (key, value) -> ids.add(Values.u64(key, key.length - 8)));
        List<Contract> out = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(get(state, ids.get(i)));
        }
        return out;
    }

    public static String describeMoney(Contract c) {
        return "escrow " + Amount.display(c.escrowE9s()) + ", paid " + Amount.display(c.paidE9s()) + ", refunded " + Amount.display(c.refundedE9s());
    }
}
