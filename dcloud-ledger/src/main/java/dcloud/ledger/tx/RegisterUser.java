package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** Registers the signer as a user (developer); same fee as a provider registration. */
public record RegisterUser(String name, String email) implements TxBody {
    @Override
    public TxKind kind() {
        return TxKind.REGISTER_USER;
    }

    @Override
    public void encode(Writer writer) {
        writer.string(name).string(email);
    }

    static RegisterUser decode(Reader reader) throws DecodeException {
        return new RegisterUser(reader.string(ProviderProfile.TEXT_SIZE_BYTES_MAX, "name"), reader.string(ProviderProfile.TEXT_SIZE_BYTES_MAX, "email"));
    }
}
