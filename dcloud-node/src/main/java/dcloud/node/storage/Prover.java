package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.ChunkRoots;
import dcloud.ledger.storage.ProofBuilder;
import dcloud.ledger.tx.ProveStorage;
import dcloud.storage.piecestore.PieceStore;
import java.io.IOException;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every contract this node holds once per epoch: reads the epoch's seed, reads the chunk of
 * each challenged leaf and builds its audit path from the piece's stored chunk roots, and sends the
 * proof without waiting for the block. A piece that is gone or damaged gets no proof, and the
 * ledger's epoch settlement does the rest (the {@link Scrubber} finds damage that no challenge
 * landed on). Pieces of contracts that closed are deleted once per epoch.
 */
final class Prover {
    private static final Logger log = LoggerFactory.getLogger(Prover.class);
    /** Pages of pieces one collection walks at most (a million pieces at the scrubber's page size). */
    private static final int PAGES_MAX = 1_000;
    /** Pages of contracts (10,000 each) one pass reads at most. */
    private static final int CONTRACT_PAGES_MAX = 1_000;
    private final PieceStore store;
    private final LedgerLink ledger;
    private final String self;
    /** Contracts proven (or tried) this epoch: contract id → hash of the proof tx sent, checked once if it did not land. */
    private final java.util.TreeMap<Long, String> attempted = new java.util.TreeMap<>();
    private long attempted_epoch = -1;
    private long collected_epoch = -1;

    Prover(PieceStore store, LedgerLink ledger) {
        this.store = store;
        this.ledger = ledger;
        this.self = Account.of(ledger.key().publicKey()).toText();
    }

    /** One pass; returns how many proofs were sent (they land in the next block; a rejected one is reported on the next pass). */
    int runOnce() throws ApiException {
        JsonNode epoch_info = ledger.get("/api/v1/storage/epoch");
        long epoch = epoch_info.path("epoch").asLong();
        if (epoch_info.path("seed_epoch").asLong(-1) != epoch) {
            return 0;
        }
        if (epoch != attempted_epoch) {
            attempted.clear();
            attempted_epoch = epoch;
        }
        byte[] seed = Hex.decode(epoch_info.path("seed").asText());
        int leaves = epoch_info.path("proof_leaves").asInt();
        TreeSet<Long> active = new TreeSet<>();
        int accepted = 0;
        String after = "";
        // Every page of this node's contracts (a node may hold more than one page's 10,000).
        for (int page = 0; page < CONTRACT_PAGES_MAX && after != null; page++) {
            JsonNode listed = ledger.get("/api/v1/storage/contracts?node=" + self + after);
            for (JsonNode c : listed.path("contracts")) {
                active.add(c.path("id").asLong());
                accepted += proveIfDue(c, epoch, seed, leaves);
            }
            after = listed.path("next_after").isNumber() ? "&after=" + listed.path("next_after").asLong() : null;
        }
        if (accepted > 0) {
            log.info("event=proofs_sent count={} epoch={}", accepted, epoch);
        }
        if (epoch != collected_epoch) {
            collected_epoch = epoch;
            collect(active);
        }
        return accepted;
    }

    /** Proves contract {@code c} when its epoch is due and not yet attempted; returns 1 when a proof was sent. */
    private int proveIfDue(JsonNode c, long epoch, byte[] seed, int leaves) throws ApiException {
        long id = c.path("id").asLong();
        boolean due = c.path("start_epoch").asLong() <= epoch && epoch <= c.path("end_epoch").asLong()
                && c.path("last_proven_epoch").asLong() != epoch;
        if (!due) {
            return 0;
        }
        String sent = attempted.get(id);
        if (sent == null) {
            attempted.put(id, prove(id, c.path("merkle_root").asText(), seed, epoch, leaves));
            return 1;
        }
        if (!sent.isEmpty()) {
            reportUnproven(id, epoch, sent);
            attempted.put(id, "");
        }
        return 0;
    }

    /** Sends the proof; returns its tx hash, or "" when there is no piece to prove from. */
    private String prove(long contract, String merkle_root, byte[] seed, long epoch, int leaves) throws ApiException {
        byte[] id = PieceServer.pieceId(contract);
        try {
            ChunkRoots tree = store.chunkRoots(id);
            if (!Hex.encode(tree.root()).equals(merkle_root)) {
                log.warn("event=proof_skipped contract={} epoch={} reason=\"the stored piece's root is not the contract's\"", contract, epoch);
                return "";
            }
            int[] challenged = ProofBuilder.challengedLeaves(seed, contract, tree.pieceSizeBytes(), leaves);
            java.util.List<byte[]> chunks = new java.util.ArrayList<>();
            for (int leaf : challenged) {
                chunks.add(store.readChunk(id, ChunkRoots.chunkOfLeaf(leaf)));
            }
            ProofBuilder.Built built = ProofBuilder.build(tree, challenged, chunks, contract, epoch);
            if (built.damaged()) {
                dropDamaged(id, contract, epoch, "chunk " + built.damagedChunk() + " no longer hashes to its stored root");
                return "";
            }
            return ledger.send(built.proof()).hashHex();
        } catch (PieceStore.PieceException e) {
            if (e.code.equals("damaged")) {
                dropDamaged(id, contract, epoch, e.getMessage());
            } else {
                log.warn("event=proof_skipped contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
            }
            return "";
        } catch (IOException e) {
            log.warn("event=proof_skipped contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
            return "";
        }
    }

    /**
     * An honest node sends no proof for a piece it knows is damaged (a lucky one would hide it), and
     * deletes it so it is not served either; the epoch then fails on-ledger and repair replaces it.
     */
    private void dropDamaged(byte[] id, long contract, long epoch, String reason) {
        log.warn("event=piece_damaged contract={} epoch={} action=deleted reason=\"{}\"", contract, epoch, reason);
        try {
            store.delete(id);
        } catch (PieceStore.PieceException | IOException e) {
            log.warn("event=piece_delete_failed contract={} reason=\"{}\"", contract, e.getMessage());
        }
    }

    private void reportUnproven(long contract, long epoch, String tx_hash) {
        try {
            JsonNode tx = ledger.get("/api/v1/txs/" + tx_hash);
            log.warn("event=proof_rejected contract={} epoch={} reason=\"{}\"", contract, epoch, tx.path("error").path("message").asText());
        } catch (ApiException e) {
            log.warn("event=proof_not_committed contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
        }
    }

    /** Deletes pieces whose contracts the ledger shows closed (never ones it cannot confirm). */
    private void collect(TreeSet<Long> active) {
        byte[] after = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            java.util.List<PieceStore.PieceInfo> pieces = store.listAfter(after, Scrubber.PAGE_PIECES_MAX);
            for (PieceStore.PieceInfo info : pieces) {
                collect(info, active);
                after = info.id();
            }
            if (pieces.size() < Scrubber.PAGE_PIECES_MAX) {
                return;
            }
        }
    }

    private void collect(PieceStore.PieceInfo info, TreeSet<Long> active) {
        if (active.contains(info.contract())) {
            return;
        }
        try {
            JsonNode c = ledger.get("/api/v1/storage/contracts/" + info.contract());
            if (c.path("state").asText().equals("closed")) {
                store.delete(info.id());
                log.info("event=piece_deleted contract={} reason={}", info.contract(), c.path("close_reason").asText());
            }
        } catch (ApiException | PieceStore.PieceException | IOException e) {
            log.warn("event=collect_skipped contract={} reason=\"{}\"", info.contract(), e.getMessage());
        }
    }
}
