package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * One step on an offering or contract: withdraw an offering (target = offering number), accept,
 * reject or terminate a contract (provider), cancel it (developer), extend it by {@code hours}
 * (developer), post access details encrypted to the developer ({@code data}), or post the SHA-256
 * of a finished batch job's result ({@code data}, 32 bytes; provider, once).
 */
public record ContractAction(Action action, long target, long hours, String reason, byte[] data) implements TxBody {
    public static final int DATA_SIZE_BYTES_MAX = 2048;

    public enum Action {
        WITHDRAW_OFFERING(1), ACCEPT(2), REJECT(3), CANCEL(4), TERMINATE(5), EXTEND(6), POST_ACCESS(7), POST_RESULT(8);

        public final int tag;

        Action(int tag) {
            this.tag = tag;
        }
    }

    public static ContractAction of(Action action, long target) {
        return new ContractAction(action, target, 0, "", new byte[0]);
    }

    @Override
    public TxKind kind() {
        return TxKind.CONTRACT_ACTION;
    }

    @Override
    public void encode(Writer writer) {
        writer.u8(action.tag).u64(target).u64(hours).string(reason).bytes(data);
    }

    static ContractAction decode(Reader reader) throws DecodeException {
        int tag = reader.u8("action");
        Action action = null;
        for (Action candidate : Action.values()) {
            if (candidate.tag == tag) {
                action = candidate;
            }
        }
        if (action == null) {
            throw new DecodeException("action: unknown action " + tag);
        }
        return new ContractAction(action, reader.u64("target"), reader.u64("hours"), reader.string(256, "reason"),
                reader.bytes(DATA_SIZE_BYTES_MAX, "data"));
    }
}
