package dcloud.ledger.store;

import dcloud.ledger.block.ChainHead;
import dcloud.ledger.state.Values;

/** Key and value layouts shared by the store implementations. */
final class StoreKeys {
    static final byte[] HEAD = {'h'};
    static final byte[] APPLIED = {'a'};

    private StoreKeys() {}

    static byte[] encodeHead(ChainHead head) {
        return Values.concat(Values.u64(head.height()), head.blockHash(), head.stateHash(), Values.u64(head.timestampNs()));
    }

    static ChainHead decodeHead(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return new ChainHead(Values.u64(bytes, 0), java.util.Arrays.copyOfRange(bytes, 8, 40),
                java.util.Arrays.copyOfRange(bytes, 40, 72), Values.u64(bytes, 72));
    }

    static byte[] historyKey(byte[] account, long height, int index) {
        return Values.concat(account, Values.u64(height), Values.u64(index));
    }

    static byte[] stateEntryDigestBytes(byte[] key, byte[] value) {
        return Values.concat(Values.u64(key.length), key, Values.u64(value.length), value);
    }
}
