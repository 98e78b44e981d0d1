package dcloud.ledger.governance;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.tx.Propose;

/** A proposal as stored: what it asks, when voting ends, the supply at its snapshot, and how it ended. */
public record Proposal(long id, byte[] proposer, Propose.Kind kind, String title, String description, String param, long value,
                       Account recipient, long createdHeight, long endNs, long snapshotSupplyE9s, Status status,
                       long yesE9s, long noE9s, long abstainE9s, String outcome) {
    public enum Status {
        OPEN(0), EXECUTED(1), REJECTED(2), NO_QUORUM(3), EXECUTION_FAILED(4);

        public final int tag;

        Status(int tag) {
            this.tag = tag;
        }

        static Status ofTag(int tag) {
            for (Status status : values()) {
                if (status.tag == tag) {
                    return status;
                }
            }
            throw new IllegalStateException("unknown proposal status " + tag);
        }
    }

    Proposal closed(Status status, long yes, long no, long abstain, String outcome) {
        return new Proposal(id, proposer, kind, title, description, param, value, recipient, createdHeight, endNs, snapshotSupplyE9s,
                status, yes, no, abstain, outcome);
    }

    byte[] encode() {
        return new Writer().u64(id).fixed(proposer).u8(kind.tag).string(title).string(description).string(param).u64(value)
                .fixed(recipient.toBytes()).u64(createdHeight).u64(endNs).u64(snapshotSupplyE9s).u8(status.tag)
                .u64(yesE9s).u64(noE9s).u64(abstainE9s).string(outcome).toBytes();
    }

    static Proposal decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            long id = r.u64("id");
            byte[] proposer = r.fixed(32, "proposer");
            int kind_tag = r.u8("kind");
            Propose.Kind kind = null;
            for (Propose.Kind candidate : Propose.Kind.values()) {
                if (candidate.tag == kind_tag) {
                    kind = candidate;
                }
            }
            Proposal proposal = new Proposal(id, proposer, kind, r.string(1024, "title"), r.string(4096, "description"), r.string(64, "param"),
                    r.u64("value"), Account.fromBytes(r.fixed(64, "recipient")), r.u64("created"), r.u64("end"), r.u64("supply"),
                    Status.ofTag(r.u8("status")), r.u64("yes"), r.u64("no"), r.u64("abstain"), r.string(1024, "outcome"));
            r.end("proposal");
            return proposal;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored proposal is corrupt: " + e.getMessage(), e);
        }
    }
}
