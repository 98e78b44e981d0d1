package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A storage node claims payment for bytes it served: up to {@link #SERVED_MAX} downloaders' signed
 * orders, each with the bytes actually sent (at most the order's {@code bytes_max}).
 */
public record SettleEgress(List<Served> served) implements TxBody {
    /** Orders per tx at most: 16 orders and their byte counts fit the ordinary 4 KiB tx. */
    public static final int SERVED_MAX = 16;

    public record Served(EgressOrder order, long bytes) {}

    public SettleEgress {
        served = List.copyOf(served);
    }

    @Override
    public TxKind kind() {
        return TxKind.SETTLE_EGRESS;
    }

    @Override
    public void encode(Writer writer) {
        writer.u32(served.size());
        for (Served item : served) {
            item.order().encode(writer);
            writer.u64(item.bytes());
        }
    }

    static SettleEgress decode(Reader reader) throws DecodeException {
        long count = reader.u32("served.count");
        if (count == 0 || count > SERVED_MAX) {
            throw new DecodeException("served: 1 to " + SERVED_MAX + " orders per tx, got " + count);
        }
        List<Served> served = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String field = "served[" + i + "]";
            served.add(new Served(EgressOrder.decode(reader, field + ".order"), reader.u64(field + ".bytes")));
        }
        return new SettleEgress(served);
    }
}
