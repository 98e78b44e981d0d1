package dcloud.storage.client;

import dcloud.core.bytes.Hex;
import dcloud.storage.crypt.SegmentCipher;

/**
 * The keys of a user's stored data, all derived from the mnemonic's seed: the root key, then one
 * key per object (from its random id) and one per segment. A fresh machine with the mnemonic
 * derives the same keys, which is what makes {@code storage restore} possible.
 */
public final class StorageKeys {
    private final byte[] root_key;

    public StorageKeys(byte[] mnemonic_seed) {
        this.root_key = SegmentCipher.rootKey(mnemonic_seed);
    }

    public byte[] segmentKey(String object_id_hex, int segment) {
        return SegmentCipher.segmentKey(SegmentCipher.objectKey(root_key, Hex.decode(object_id_hex)), segment);
    }

    /** The key a pointer note is sealed with; {@code salt} is random per pointer so no key-nonce pair repeats. */
    public byte[] pointerKey(byte[] salt) {
        return SegmentCipher.segmentKey(SegmentCipher.objectKey(root_key, salt), 0x7fff_0000);
    }

}
