package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * Requests a contract on an offering for {@code hours}, escrowing price × hours. {@code accessKey}
 * is the developer's X25519 public key the provider encrypts access details to; {@code request}
 * carries the developer's SSH key and config (public, so no secrets).
 */
public record Rent(long offering, long hours, byte[] accessKey, byte[] request) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.RENT;
    }

    @Override
    public void encode(Writer writer) {
        writer.u64(offering).u64(hours).fixed(accessKey).bytes(request);
    }

    static Rent decode(Reader reader) throws DecodeException {
        return new Rent(reader.u64("offering"), reader.u64("hours"), reader.fixed(32, "access_key"),
                reader.bytes(ContractAction.DATA_SIZE_BYTES_MAX, "request"));
    }
}
