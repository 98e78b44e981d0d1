package dcloud.ledger.storage;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A provider's storage node as the ledger knows it: where to reach it, what it offers and charges,
 * how much of it contracts hold, and its proof record. {@code failsConsecutive} counts epochs in a
 * row with at least one failed proof; at the disqualification threshold it takes no new contracts.
 * {@code contractsDue} is how many of its contracts must be proven in the current epoch and
 * {@code contractsProven} how many of those are: the epoch change judges the node on these two
 * counts instead of visiting its contracts.
 */
public record StorageNode(byte[] owner, String endpoint, long capacityBytes, long pricePerGibEpochE9s, long egressPricePerGibE9s,
                          long usedBytes, long proofsTotal, long failsTotal, long failsConsecutive, boolean disqualified,
                          long registeredHeight, long contractsDue, long contractsProven) {

    public long freeBytes() {
        return Math.max(0, capacityBytes - usedBytes);
    }

    StorageNode withUsed(long used_bytes) {
        return new StorageNode(owner, endpoint, capacityBytes, pricePerGibEpochE9s, egressPricePerGibE9s, used_bytes, proofsTotal,
                failsTotal, failsConsecutive, disqualified, registeredHeight, contractsDue, contractsProven);
    }

    StorageNode withEpochCounts(long contracts_due, long contracts_proven) {
        assert 0 <= contracts_proven && contracts_proven <= contracts_due
                : "node proves " + contracts_proven + " of " + contracts_due + " contracts due";
        return new StorageNode(owner, endpoint, capacityBytes, pricePerGibEpochE9s, egressPricePerGibE9s, usedBytes, proofsTotal,
                failsTotal, failsConsecutive, disqualified, registeredHeight, contracts_due, contracts_proven);
    }

    StorageNode withProofRecord(long proofs_total, long fails_total, long fails_consecutive, boolean disqualified_now) {
        return new StorageNode(owner, endpoint, capacityBytes, pricePerGibEpochE9s, egressPricePerGibE9s, usedBytes, proofs_total,
                fails_total, fails_consecutive, disqualified_now, registeredHeight, contractsDue, contractsProven);
    }

    byte[] encode() {
        return new Writer().fixed(owner).string(endpoint).u64(capacityBytes).u64(pricePerGibEpochE9s).u64(egressPricePerGibE9s)
                .u64(usedBytes).u64(proofsTotal).u64(failsTotal).u64(failsConsecutive).bool(disqualified).u64(registeredHeight)
                .u64(contractsDue).u64(contractsProven).toBytes();
    }

    static StorageNode decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            StorageNode node = new StorageNode(r.fixed(32, "owner"), r.string(1024, "endpoint"), r.u64("capacity"), r.u64("price"),
                    r.u64("egress"), r.u64("used"), r.u64("proofs"), r.u64("fails"), r.u64("fails_consecutive"), r.bool("disqualified"),
                    r.u64("registered_height"), r.u64("contracts_due"), r.u64("contracts_proven"));
            r.end("storage node");
            return node;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored storage node is corrupt: " + e.getMessage(), e);
        }
    }
}
