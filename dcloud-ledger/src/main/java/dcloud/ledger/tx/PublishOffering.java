package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** Publishes (or, for a local id already published by the signer, updates) an offering. */
public record PublishOffering(Offering offering) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.PUBLISH_OFFERING;
    }

    @Override
    public void encode(Writer writer) {
        offering.encode(writer);
    }

    static PublishOffering decode(Reader reader) throws DecodeException {
        return new PublishOffering(Offering.decode(reader));
    }
}
