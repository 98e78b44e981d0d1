package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A registered provider announces (or updates) its storage node: the HTTP endpoint clients upload
 * pieces to, the capacity it offers, its price per GiB per epoch of stored data and per GiB of
 * downloads. Re-registering keeps the node's proof record.
 */
public record StorageNodeRegistration(String endpoint, long capacityBytes, long pricePerGibEpochE9s, long egressPricePerGibE9s)
        implements TxBody {
    public static final int ENDPOINT_SIZE_BYTES_MAX = 200;

    @Override
    public TxKind kind() {
        return TxKind.REGISTER_STORAGE_NODE;
    }

    @Override
    public void encode(Writer writer) {
        writer.string(endpoint).u64(capacityBytes).u64(pricePerGibEpochE9s).u64(egressPricePerGibE9s);
    }

    static StorageNodeRegistration decode(Reader reader) throws DecodeException {
        return new StorageNodeRegistration(reader.string(ENDPOINT_SIZE_BYTES_MAX, "endpoint"), Fields.amount(reader, "capacity_bytes"),
                Fields.amount(reader, "price_per_gib_epoch_e9s"), Fields.amount(reader, "egress_price_per_gib_e9s"));
    }
}
