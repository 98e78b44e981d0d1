package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/** Registers the signer as a provider (fee: current epoch reward / fee_divisor, to the treasury), or updates its profile. */
public record RegisterProvider(ProviderProfile profile, boolean update) implements TxBody {
    @Override
    public TxKind kind() {
        return update ? TxKind.UPDATE_PROVIDER : TxKind.REGISTER_PROVIDER;
    }

    @Override
    public void encode(Writer writer) {
        profile.encode(writer);
    }

    static RegisterProvider decode(Reader reader, boolean update) throws DecodeException {
        return new RegisterProvider(ProviderProfile.decode(reader), update);
    }
}
