package dcloud.storage.client;

import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.CancelStorage;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.StorePieces;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Places one segment's pieces: opens a storage contract per piece on distinct nodes (one
 * transaction), uploads all pieces in parallel and, as soon as {@code target} succeeded, cancels
 * the slow tail and the contracts of pieces that were not needed or failed (refunded).
 */
final class Uploader {
    private final LedgerAccess ledger;
    private final PieceTransport transport;

    /** An opened segment waiting for its contracts' block. */
    record Opened(byte[] segmentId, SegmentCodec.Encoded encoded, List<NodePicker.Candidate> nodes, int[] indices, SignedTx store) {}

    Uploader(LedgerAccess ledger, PieceTransport transport) {
        this.ledger = ledger;
        this.transport = transport;
    }

    /** Sends the contracts transaction for pieces {@code indices} of a segment (new or under repair). */
    Opened open(byte[] segment_id, SegmentCodec.Encoded encoded, Redundancy shape, long epochs, int[] indices,
                List<NodePicker.Candidate> nodes) throws StorageException {
        return send(prepare(segment_id, encoded, shape, epochs, indices, nodes));
    }

    /** Sends a prepared segment's contracts transaction. */
    Opened send(Opened prepared) throws StorageException {
        ledger.send(prepared.store());
        return prepared;
    }

    /**
     * Signs, and does not send, the contracts transaction for pieces {@code indices} of a segment, so
     * that a put can record it before the ledger may see it (see {@link ObjectIndex#pendingSegment}).
     */
    Opened prepare(byte[] segment_id, SegmentCodec.Encoded encoded, Redundancy shape, long epochs, int[] indices,
                   List<NodePicker.Candidate> nodes) throws StorageException {
        List<StorePieces.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            pieces.add(new StorePieces.Piece(indices[i], dcloud.core.account.Account.parse(nodes.get(i).account()).owner(),
                    encoded.roots()[indices[i]]));
        }
        StorePieces body = new StorePieces(segment_id, shape.dataShards(), shape.totalShards(), shape.targetPieces(),
                shape.repairThreshold(), encoded.pieceSizeBytes(), epochs, pieces);
        return new Opened(segment_id, encoded, nodes, indices, ledger.sign(body));
    }

    /** Waits for the contracts, uploads, keeps the first {@code needed}; returns how many were stored. */
    int finish(Opened opened, int needed, Progress progress) throws StorageException {
        long first_contract = ledger.await(opened.store());
        int count = opened.indices().length;
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("piece-put-", 0).factory());
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        List<Future<Integer>> uploads = new ArrayList<>();
        List<PieceUpload> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int slot = i;
            int size = opened.encoded().pieceSizeBytes();
            PieceUpload send = new PieceUpload(opened.encoded().pieces()[opened.indices()[slot]], size);
            sends.add(send);
            NodePicker.Candidate node = opened.nodes().get(slot);
            uploads.add(done.submit(() -> {
                try {
                    transport.put(node.endpoint(), first_contract + slot, send);
                } catch (java.io.IOException e) {
                    throw new StorageException("node " + node.account() + " at " + node.endpoint() + ": " + e.getMessage(), e);
                }
                progress.add(size);
                return slot;
            }));
        }
        boolean[] stored = new boolean[count];
        List<String> failures = new ArrayList<>();
        int succeeded = 0;
        try {
            for (int finished = 0; finished < count && succeeded < needed; finished++) {
                Future<Integer> next = done.take();
                try {
                    stored[next.get()] = true;
                    succeeded++;
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while uploading");
        } finally {
            // The slow tail stops here: after abandon() no upload reads the stripe, which the
            // caller hands to the next segment as soon as this returns.
            uploads.forEach(f -> f.cancel(true));
            sends.forEach(PieceUpload::abandon);
            pool.shutdownNow();
        }
        cancelUnstored(first_contract, stored);
        if (succeeded < needed) {
            throw new StorageException("only " + succeeded + " of " + needed + " pieces of segment " + Hex.encode(opened.segmentId())
                    + " could be stored: " + String.join("; ", failures));
        }
        return succeeded;
    }

    private void cancelUnstored(long first_contract, boolean[] stored) throws StorageException {
        List<Long> unneeded = new ArrayList<>();
        for (int i = 0; i < stored.length; i++) {
            if (!stored[i]) {
                unneeded.add(first_contract + i);
            }
        }
        if (!unneeded.isEmpty()) {
            ledger.send(new CancelStorage(unneeded));
        }
    }
}
