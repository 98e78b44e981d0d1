package dcloud.ledger.tx;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A governance proposal: change a parameter, spend from the treasury, or only text. Fields that do
 * not apply to the kind are empty/zero (and must be, so each proposal has one encoding).
 */
public record Propose(Kind proposalKind, String title, String description, String paramName, long value, Account recipient)
        implements TxBody {
    public static final int TITLE_SIZE_BYTES_MAX = 128;
    public static final int DESCRIPTION_SIZE_BYTES_MAX = 2048;
    private static final Account NOBODY = Account.of(new byte[32]);

    public enum Kind {
        TEXT(1), PARAM_CHANGE(2), TREASURY_TRANSFER(3);

        public final int tag;

        Kind(int tag) {
            this.tag = tag;
        }
    }

    public static Propose text(String title, String description) {
        return new Propose(Kind.TEXT, title, description, "", 0, NOBODY);
    }

    public static Propose paramChange(String title, String description, String param, long value) {
        return new Propose(Kind.PARAM_CHANGE, title, description, param, value, NOBODY);
    }

    public static Propose treasuryTransfer(String title, String description, Account to, long amount) {
        return new Propose(Kind.TREASURY_TRANSFER, title, description, "", amount, to);
    }

    @Override
    public TxKind kind() {
        return TxKind.PROPOSE;
    }

    @Override
    public void encode(Writer writer) {
        writer.u8(proposalKind.tag).string(title).string(description).string(paramName).u64(value).fixed(recipient.toBytes());
    }

    static Propose decode(Reader reader) throws DecodeException {
        int tag = reader.u8("proposal_kind");
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.tag == tag) {
                kind = candidate;
            }
        }
        if (kind == null) {
            throw new DecodeException("proposal_kind: unknown kind " + tag);
        }
        Propose propose = new Propose(kind, reader.string(TITLE_SIZE_BYTES_MAX, "title"), reader.string(DESCRIPTION_SIZE_BYTES_MAX, "description"),
                reader.string(64, "param"), Fields.amount(reader, "value"), Fields.account(reader, "recipient"));
        boolean param_fields = kind == Kind.PARAM_CHANGE;
        boolean transfer_fields = kind == Kind.TREASURY_TRANSFER;
        if (!param_fields && !propose.paramName.isEmpty() || !transfer_fields && !propose.recipient.equals(NOBODY)
                || kind == Kind.TEXT && propose.value != 0) {
            throw new DecodeException("proposal: fields that do not apply to a " + kind + " proposal must be empty");
        }
        return propose;
    }
}
