package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * Stores the signer's object-index pointer: an encrypted note (only the owner's mnemonic opens it)
 * that says where the latest encrypted backup of the storage index lives in the network.
 */
public record SetIndexPointer(byte[] pointer) implements TxBody {
    public static final int POINTER_SIZE_BYTES_MAX = 2048;

    @Override
    public TxKind kind() {
        return TxKind.SET_INDEX_POINTER;
    }

    @Override
    public void encode(Writer writer) {
        writer.bytes(pointer);
    }

    static SetIndexPointer decode(Reader reader) throws DecodeException {
        return new SetIndexPointer(reader.bytes(POINTER_SIZE_BYTES_MAX, "pointer"));
    }
}
