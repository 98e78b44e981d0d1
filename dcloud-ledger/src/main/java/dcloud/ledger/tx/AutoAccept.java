package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A provider's auto-accept rule: rent requests from developers with at least {@code minReputation}
 * units, for at most {@code maxHours}, are accepted by the ledger at once. {@code enabled} false turns it off.
 */
public record AutoAccept(boolean enabled, long minReputation, long maxHours) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.AUTO_ACCEPT;
    }

    @Override
    public void encode(Writer writer) {
        writer.bool(enabled).u64(minReputation).u64(maxHours);
    }

    static AutoAccept decode(Reader reader) throws DecodeException {
        return new AutoAccept(reader.bool("enabled"), reader.u64("min_reputation"), reader.u64("max_hours"));
    }
}
