package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.CancelStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancels this owner's contracts still active on some segments, refunding their unearned escrow:
 * what `storage rm` does to an object, a new version to the old one, and an undone or interrupted
 * put to the segments it opened.
 */
final class SegmentContracts {
    /**
     * Rounds of "list what is still active, cancel it". A contract closed between the listing and
     * the cancel (an upload's own unawaited cancel of its unstored pieces) refuses the whole tx, so
     * the next round lists again after that block.
     */
    static final int CANCEL_ROUNDS_MAX = 3;
    private final LedgerAccess ledger;

    SegmentContracts(LedgerAccess ledger) {
        this.ledger = ledger;
    }

    /** Cancels every contract of this owner still active on {@code segment_ids}; returns how many, or throws naming those left open. */
    int cancelActive(List<byte[]> segment_ids) throws StorageException {
        int cancelled = 0;
        StorageException refused = null;
        for (int round = 0; round < CANCEL_ROUNDS_MAX; round++) {
            List<Long> active = active(segment_ids);
            if (active.isEmpty()) {
                return cancelled;
            }
            try {
                for (int from = 0; from < active.size(); from += CancelStorage.CONTRACTS_PER_TX_MAX) {
                    List<Long> batch = active.subList(from, Math.min(active.size(), from + CancelStorage.CONTRACTS_PER_TX_MAX));
                    ledger.submit(new CancelStorage(batch));
                    cancelled += batch.size();
                }
            } catch (StorageException e) {
                refused = e;
            }
        }
        List<Long> left = active(segment_ids);
        if (left.isEmpty()) {
            return cancelled;
        }
        throw new StorageException("storage contracts " + left + " are still open" + (refused == null ? "" : " (" + refused.getMessage() + ")"));
    }

    /** This owner's contracts still active on the segments {@code segment_ids}, in segment order. */
    private List<Long> active(List<byte[]> segment_ids) throws StorageException {
        List<Long> active = new ArrayList<>();
        for (byte[] segment_id : segment_ids) {
            JsonNode view = ledger.find("/api/v1/storage/segments/" + Hex.encode(segment_id));
            if (view == null) {
                continue;
            }
            for (JsonNode piece : view.path("pieces")) {
                if (piece.path("owner").asText().equals(ledger.account()) && piece.path("state").asText().equals("active")) {
                    active.add(piece.path("id").asLong());
                }
            }
        }
        return active;
    }
}
