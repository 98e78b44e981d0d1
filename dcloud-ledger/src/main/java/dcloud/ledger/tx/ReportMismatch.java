package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A developer asks the ledger to compare the result hashes that providers posted for replicas of
 * one batch job (contracts with byte-identical requests, on distinct providers). The ledger finds
 * the majority and records a mismatch against every provider that disagrees with it.
 */
public record ReportMismatch(List<Long> contracts) implements TxBody {
    public static final int REPLICAS_MIN = 2;
    public static final int REPLICAS_MAX = 8;

    public ReportMismatch {
        contracts = List.copyOf(contracts);
    }

    @Override
    public TxKind kind() {
        return TxKind.REPORT_MISMATCH;
    }

    @Override
    public void encode(Writer writer) {
        writer.u32(contracts.size());
        contracts.forEach(writer::u64);
    }

    static ReportMismatch decode(Reader reader) throws DecodeException {
        long count = reader.u32("contracts.count");
        if (count < REPLICAS_MIN || count > REPLICAS_MAX) {
            throw new DecodeException("contracts: between " + REPLICAS_MIN + " and " + REPLICAS_MAX + " replicas, got " + count);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(reader.u64("contracts[" + i + "]"));
        }
        return new ReportMismatch(ids);
    }
}
