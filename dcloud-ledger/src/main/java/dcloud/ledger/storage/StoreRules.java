package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.tx.StorePieces;
import java.util.TreeSet;

/** The rules a {@link StorePieces} must meet; each check returns null or the broken rule, naming the field. */
final class StoreRules {
    private StoreRules() {}

    static String checkNewSegment(StateReader state, StorePieces tx) {
        if (tx.dataShards() < 1 || tx.dataShards() > tx.totalShards()) {
            return "data_shards must be between 1 and total_shards (" + tx.totalShards() + "), got " + tx.dataShards();
        }
        if (tx.targetPieces() < tx.dataShards() || tx.targetPieces() > tx.totalShards()) {
            return "target_pieces must be between data_shards and total_shards, got " + tx.targetPieces();
        }
        if (tx.repairThreshold() < tx.dataShards() || tx.repairThreshold() > tx.targetPieces()) {
            return "repair_threshold must be between data_shards and target_pieces, got " + tx.repairThreshold();
        }
        if (tx.pieceSizeBytes() < 1 || tx.pieceSizeBytes() > StorageContracts.PIECE_SIZE_BYTES_MAX) {
            return "piece_size_bytes must be between 1 and " + StorageContracts.PIECE_SIZE_BYTES_MAX + ", got " + tx.pieceSizeBytes();
        }
        long epochs_max = Params.get(state, Param.STORAGE_EPOCHS_MAX);
        if (tx.epochs() < 1 || tx.epochs() > epochs_max) {
            return "epochs must be between 1 and " + epochs_max + ", got " + tx.epochs();
        }
        return null;
    }

    /**
     * Null when the network can hold the new contracts: each active contract needs a proof in the
     * chain every epoch, so their number is capped by a parameter.
     */
    private static String networkFull(StateReader state, StorePieces tx, Segment existing) {
        long replaced = 0;
        for (StorePieces.Piece piece : tx.pieces()) {
            replaced += existing != null && StorageContracts.current(state, tx.segmentId(), piece.index()) != null ? 1 : 0;
        }
        long active = StorageContracts.activeCount(state);
        long max = Params.get(state, Param.STORAGE_ACTIVE_CONTRACTS_MAX);
        if (active - replaced + tx.pieces().size() > max) {
            return "pieces: the network holds " + active + " active storage contracts and takes at most " + max
                    + " (storage_active_contracts_max); " + tx.pieces().size() + " more do not fit";
        }
        return null;
    }

    static String checkRepair(StateReader state, Segment existing, StorePieces tx, long epoch_now) {
        if (tx.dataShards() != existing.dataShards() || tx.totalShards() != existing.totalShards() || tx.targetPieces() != existing.targetPieces()
                || tx.repairThreshold() != existing.repairThreshold() || tx.pieceSizeBytes() != existing.pieceSizeBytes()) {
            return "segment " + Hex.encode(tx.segmentId()) + " exists with another shape (" + existing.dataShards() + "-of-"
                    + existing.totalShards() + ", target " + existing.targetPieces() + ", piece " + existing.pieceSizeBytes() + " bytes)";
        }
        if (existing.endEpoch() <= epoch_now) {
            return "segment " + Hex.encode(tx.segmentId()) + " ends with epoch " + existing.endEpoch() + "; nothing left to repair";
        }
        for (StorePieces.Piece piece : tx.pieces()) {
            StorageContract current = StorageContracts.current(state, tx.segmentId(), piece.index());
            if (current != null && current.healthy(StorageNodes.get(state, current.node()), StorageProofs.judgedEpoch(state))) {
                return "pieces: piece " + piece.index() + " of segment " + Hex.encode(tx.segmentId()) + " is healthy on contract "
                        + current.id() + "; only missing or unhealthy pieces are replaced";
            }
        }
        return null;
    }

    /** Indices and nodes: in range, distinct, and each node able to take the piece. */
    static String checkPieces(StateReader state, StorePieces tx, Segment existing) {
        if (tx.pieces().isEmpty()) {
            return "pieces: name at least one piece";
        }
        String full = networkFull(state, tx, existing);
        if (full != null) {
            return full;
        }
        TreeSet<Integer> indices = new TreeSet<>();
        TreeSet<String> nodes = new TreeSet<>();
        if (existing != null) {
            for (StorageContract c : StorageContracts.pieces(state, tx.segmentId())) {
                boolean replaced = tx.pieces().stream().anyMatch(p -> p.index() == c.index());
                if (!replaced) {
                    nodes.add(Hex.encode(c.node()));
                }
            }
        }
        for (int i = 0; i < tx.pieces().size(); i++) {
            StorePieces.Piece piece = tx.pieces().get(i);
            String field = "pieces[" + i + "]";
            if (piece.index() >= tx.totalShards() || !indices.add(piece.index())) {
                return field + ".index " + piece.index() + " must be below total_shards " + tx.totalShards() + " and not repeat";
            }
            if (!nodes.add(Hex.encode(piece.node()))) {
                return field + ".node " + Account.of(piece.node()) + " already holds a piece of this segment; pieces go to distinct nodes";
            }
            String node_problem = nodeProblem(StorageNodes.get(state, piece.node()), piece.node(), tx.pieceSizeBytes());
            if (node_problem != null) {
                return field + ".node: " + node_problem;
            }
        }
        return null;
    }

    private static String nodeProblem(StorageNode node, byte[] owner, long size_bytes) {
        if (node == null) {
            return Account.of(owner) + " is not a registered storage node";
        }
        if (node.disqualified()) {
            return "storage node " + Account.of(owner) + " is disqualified after " + node.failsConsecutive() + " failed epochs";
        }
        if (node.freeBytes() < size_bytes) {
            return "storage node " + Account.of(owner) + " has " + node.freeBytes() + " bytes free, less than the piece's " + size_bytes;
        }
        return null;
    }

}
