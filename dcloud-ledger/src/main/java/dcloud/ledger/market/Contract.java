package dcloud.ledger.market;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A rental contract. States: REQUESTED (escrowed) → ACTIVE → CLOSED, or REQUESTED → CLOSED. A
 * closed contract has exactly one close reason. Money: {@code escrowE9s} still held, {@code paidE9s}
 * settled to the provider, {@code refundedE9s} returned; their sum is everything the developer put in.
 */
public record Contract(long id, long offering, byte[] provider, byte[] developer, long pricePerHourE9s, long hours, State state,
                       CloseReason closeReason, long requestedNs, long requestDeadlineNs, long startedNs, long endsNs,
                       long escrowE9s, long paidE9s, long refundedE9s, byte[] accessKey, byte[] request, byte[] access, String note) {
    public enum State { REQUESTED, ACTIVE, CLOSED }

    public enum CloseReason { NONE, REJECTED, REQUEST_EXPIRED, EXPIRED, CANCELLED, TERMINATED }

    Contract with(State state, CloseReason reason, long started, long ends, long escrow, long paid, long refunded, long hours, byte[] access, String note) {
        return new Contract(id, offering, provider, developer, pricePerHourE9s, hours, state, reason, requestedNs, requestDeadlineNs,
                started, ends, escrow, paid, refunded, accessKey, request, access, note);
    }

    byte[] encode() {
        return new Writer(512).u64(id).u64(offering).fixed(provider).fixed(developer).u64(pricePerHourE9s).u64(hours)
                .u8(state.ordinal()).u8(closeReason.ordinal()).u64(requestedNs).u64(requestDeadlineNs).u64(startedNs).u64(endsNs)
                .u64(escrowE9s).u64(paidE9s).u64(refundedE9s).fixed(accessKey).bytes(request).bytes(access).string(note).toBytes();
    }

    public static Contract decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            Contract contract = new Contract(r.u64("id"), r.u64("offering"), r.fixed(32, "provider"), r.fixed(32, "developer"),
                    r.u64("price"), r.u64("hours"), State.values()[r.u8("state")], CloseReason.values()[r.u8("close_reason")],
                    r.u64("requested"), r.u64("deadline"), r.u64("started"), r.u64("ends"), r.u64("escrow"), r.u64("paid"),
                    r.u64("refunded"), r.fixed(32, "access_key"), r.bytes(4096, "request"), r.bytes(4096, "access"), r.string(1024, "note"));
            r.end("contract");
            return contract;
        } catch (DecodeException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("stored contract is corrupt: " + e.getMessage(), e);
        }
    }
}
