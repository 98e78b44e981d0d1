package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/** The owner ends storage contracts early (deleted objects, unneeded spares); unearned escrow is refunded. */
public record CancelStorage(List<Long> contracts) implements TxBody {
    public static final int CONTRACTS_PER_TX_MAX = 256;

    @Override
    public TxKind kind() {
        return TxKind.CANCEL_STORAGE;
    }

    @Override
    public void encode(Writer writer) {
        writer.u32(contracts.size());
        contracts.forEach(writer::u64);
    }

    static CancelStorage decode(Reader reader) throws DecodeException {
        long count = reader.u32("contracts.count");
        if (count > CONTRACTS_PER_TX_MAX) {
            throw new DecodeException("contracts: at most " + CONTRACTS_PER_TX_MAX + " per transaction, got " + count);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(reader.u64("contracts[" + i + "]"));
        }
        return new CancelStorage(List.copyOf(ids));
    }
}
