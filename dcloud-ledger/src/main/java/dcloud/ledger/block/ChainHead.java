package dcloud.ledger.block;

import dcloud.core.bytes.Hex;

/** The tip of the chain as a store sees it: last height, its block hash, the state hash after it, its time. */
public record ChainHead(long height, byte[] blockHash, byte[] stateHash, long timestampNs) {
    public String blockHashHex() {
        return Hex.encode(blockHash);
    }

    public String stateHashHex() {
        return Hex.encode(stateHash);
    }
}
