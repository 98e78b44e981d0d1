package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** A vote on an open proposal, weighted by the voter's balance at the proposal's snapshot. */
public record Vote(long proposalId, Choice choice) implements TxBody {
    public enum Choice {
        YES(1), NO(2), ABSTAIN(3);

        public final int tag;

        Choice(int tag) {
            this.tag = tag;
        }

        public static Choice ofTag(int tag) {
            for (Choice choice : values()) {
                if (choice.tag == tag) {
                    return choice;
                }
            }
            return null;
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.VOTE;
    }

    @Override
    public void encode(Writer writer) {
        writer.u64(proposalId).u8(choice.tag);
    }

    static Vote decode(Reader reader) throws DecodeException {
        long id = reader.u64("proposal_id");
        Choice choice = Choice.ofTag(reader.u8("choice"));
        if (choice == null) {
            throw new DecodeException("choice: must be 1 (yes), 2 (no) or 3 (abstain)");
        }
        return new Vote(id, choice);
    }
}
