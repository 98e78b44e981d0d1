package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.merkle.ChunkRoots;
import dcloud.ledger.storage.ProofBuilder;
import dcloud.ledger.tx.ProveStorage;
import dcloud.node.provider.LedgerLink;
import dcloud.storage.piecestore.PieceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every contract this node holds once per epoch: reads the epoch's seed, reads the chunk of
 * each challenged leaf and builds its audit path from the piece's stored chunk roots, and sends the
 * proofs in batches of up to {@link ProveStorage#PROOFS_MAX} contracts per tx, without waiting for
 * the block. A piece that is gone or damaged gets no proof, and the ledger's epoch change does the
 * rest (it counts the contract unproven) (the {@link Scrubber} finds damage that no challenge landed on). Pieces of contracts that
 * closed are deleted once per epoch.
 */
final class Prover {
    private static final Logger log = LoggerFactory.getLogger(Prover.class);
    /** Pages of pieces one collection walks at most (a million pieces at the scrubber's page size). */
    private static final int PAGES_MAX = 1_000;
    /** Pages of contracts (10,000 each) one pass reads at most. */
    private static final int CONTRACT_PAGES_MAX = 1_000;
    /** Body bytes one batch holds at most: the tx limit less room for the header and signature. */
    private static final int BATCH_BODY_BYTES_MAX = ProveStorage.SIZE_BYTES_MAX - 1024;
    /** Passes a sent batch may stay uncommitted before it counts as lost (a validator restarted and its mempool with it). */
    private static final int LOST_AFTER_PASSES = 10;
    /** Times one contract's proof is sent again in an epoch after its batch was lost; a validator that keeps losing them is down, not restarting. */
    static final int RESENDS_PER_EPOCH_MAX = 3;
    private final PieceStore store;
    private final LedgerLink ledger;
    private final String self;
    private final long lost_after_ns;
    /** When each batch sent this epoch went out (System.nanoTime), by tx hash. */
    private final TreeMap<String, Long> sent_at_ns = new TreeMap<>();
    /** How often each contract's lost proof was sent again this epoch (at most {@link #RESENDS_PER_EPOCH_MAX}). */
    private final TreeMap<Long, Integer> resent = new TreeMap<>();
    /** Contracts proven (or tried) this epoch: contract id → hash of the batch sent, looked up if it has not landed {@link #LOST_AFTER_PASSES} passes later; "" when there is nothing more to try this epoch. */
    private final TreeMap<Long, String> attempted = new TreeMap<>();
    /** Proofs built this pass and not yet sent, with their encoded size. */
    private final List<ProveStorage.ContractProof> batch = new ArrayList<>();
    private int batch_bytes;
    private long attempted_epoch = -1;
    private long collected_epoch = -1;

    Prover(PieceStore store, LedgerLink ledger, long proof_interval_ms) {
        this.store = store;
        this.ledger = ledger;
        this.lost_after_ns = LOST_AFTER_PASSES * proof_interval_ms * 1_000_000L;
        this.self = Account.of(ledger.key().publicKey()).toText();
    }

    /** One pass; returns how many proofs were sent (they land in the next block; a rejected batch is reported on the next pass). */
    int runOnce() throws ApiException {
        JsonNode epoch_info = ledger.get("/api/v1/storage/epoch");
        long epoch = epoch_info.path("epoch").asLong();
        if (epoch_info.path("seed_epoch").asLong(-1) != epoch) {
            return 0;
        }
        if (epoch != attempted_epoch) {
            attempted.clear();
            sent_at_ns.clear();
            resent.clear();
            attempted_epoch = epoch;
        }
        byte[] seed = Hex.decode(epoch_info.path("seed").asText());
        int leaves = epoch_info.path("proof_leaves").asInt();
        TreeSet<Long> active = new TreeSet<>();
        TreeMap<String, List<Long>> unlanded = new TreeMap<>();
        batch.clear();
        batch_bytes = 0;
        int sent = 0;
        String after = "";
        // Every page of this node's contracts (a node may hold more than one page's 10,000).
        for (int page = 0; page < CONTRACT_PAGES_MAX && after != null; page++) {
            JsonNode listed = ledger.get("/api/v1/storage/contracts?node=" + self + after);
            for (JsonNode c : listed.path("contracts")) {
                active.add(c.path("id").asLong());
                sent += proveIfDue(c, epoch, seed, leaves, unlanded);
            }
            after = listed.path("next_after").isNumber() ? "&after=" + listed.path("next_after").asLong() : null;
        }
        sent += flush(epoch);
        unlanded.forEach((tx_hash, contracts) -> reportUnproven(contracts, epoch, tx_hash));
        if (sent > 0) {
            log.info("event=proofs_sent count={} epoch={}", sent, epoch);
        }
        if (epoch != collected_epoch) {
            collected_epoch = epoch;
            collect(active);
        }
        return sent;
    }

    /**
     * Adds contract {@code c}'s proof to the batch when its epoch is due and not yet attempted (and
     * sends the batch when full); a contract still due after its tx was sent is noted under that tx
     * in {@code unlanded}. Returns how many proofs this call sent.
     */
    private int proveIfDue(JsonNode c, long epoch, byte[] seed, int leaves, TreeMap<String, List<Long>> unlanded) throws ApiException {
        long id = c.path("id").asLong();
        boolean due = c.path("start_epoch").asLong() <= epoch && epoch <= c.path("end_epoch").asLong()
                && c.path("last_proven_epoch").asLong() != epoch;
        if (!due) {
            return 0;
        }
        String sent = attempted.get(id);
        if (sent != null) {
            boolean waited = !sent.isEmpty() && System.nanoTime() - sent_at_ns.getOrDefault(sent, 0L) >= lost_after_ns;
            if (waited) {
                unlanded.computeIfAbsent(sent, tx_hash -> new ArrayList<>()).add(id);
                attempted.put(id, "");
            }
            return 0;
        }
        if (!uploaded(id)) {
            return 0; // not marked as tried: a later pass this epoch proves it once it is here
        }
        ProveStorage.ContractProof proof = prove(id, c.path("merkle_root").asText(), seed, epoch, leaves);
        if (proof == null) {
            attempted.put(id, "");
            return 0;
        }
        int sent_now = batch.size() == ProveStorage.PROOFS_MAX || batch_bytes + proof.encodedSizeBytes() > BATCH_BODY_BYTES_MAX ? flush(epoch) : 0;
        batch.add(proof);
        batch_bytes += proof.encodedSizeBytes();
        return sent_now;
    }

    /** Sends the batch as one tx and notes its hash for every contract in it; returns how many proofs it held. */
    private int flush(long epoch) throws ApiException {
        if (batch.isEmpty()) {
            return 0;
        }
        String tx_hash = ledger.send(new ProveStorage(epoch, batch)).hashHex();
        sent_at_ns.put(tx_hash, System.nanoTime());
        for (ProveStorage.ContractProof proof : batch) {
            attempted.put(proof.contract(), tx_hash);
        }
        int count = batch.size();
        batch.clear();
        batch_bytes = 0;
        return count;
    }

    /**
     * Whether the contract's piece is in the store. A contract starts the epoch after it commits and
     * its piece is uploaded after the commit, so a pass can come before the piece does.
     */
    private boolean uploaded(long contract) {
        try {
            return store.info(PieceServer.pieceId(contract)) != null;
        } catch (PieceStore.PieceException e) {
            return true; // prove() meets the same refusal and logs it
        }
    }

    /** The proof of one contract, or null when there is no piece to prove from. */
    private ProveStorage.ContractProof prove(long contract, String merkle_root, byte[] seed, long epoch, int leaves) {
        byte[] id = PieceServer.pieceId(contract);
        try {
            ChunkRoots tree = store.chunkRoots(id);
            if (!Hex.encode(tree.root()).equals(merkle_root)) {
                log.warn("event=proof_skipped contract={} epoch={} reason=\"the stored piece's root is not the contract's\"", contract, epoch);
                return null;
            }
            int[] challenged = ProofBuilder.challengedLeaves(seed, contract, tree.pieceSizeBytes(), leaves);
            List<byte[]> chunks = new ArrayList<>();
            for (int leaf : challenged) {
                chunks.add(store.readChunk(id, ChunkRoots.chunkOfLeaf(leaf)));
            }
            ProofBuilder.Built built = ProofBuilder.build(tree, challenged, chunks, contract);
            if (built.damaged()) {
                dropDamaged(id, contract, epoch, "chunk " + built.damagedChunk() + " no longer hashes to its stored root");
                return null;
            }
            return built.proof();
        } catch (PieceStore.PieceException e) {
            if (e.code.equals("damaged")) {
                dropDamaged(id, contract, epoch, e.getMessage());
            } else {
                log.warn("event=proof_skipped contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
            }
            return null;
        } catch (IOException e) {
            log.warn("event=proof_skipped contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
            return null;
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

    /**
     * A batch left {@code contracts} unproven for {@link #LOST_AFTER_PASSES} passes. If it committed, it
     * was rejected: logged, and not tried again this epoch. If the ledger never saw it (a validator
     * restarted with the batch in its mempool), its contracts are proven again on the next pass, at most
     * {@link #RESENDS_PER_EPOCH_MAX} times an epoch.
     */
    private void reportUnproven(List<Long> contracts, long epoch, String tx_hash) {
        JsonNode tx;
        try {
            tx = ledger.txRecord(tx_hash, 0);
        } catch (ApiException e) {
            contracts.forEach(id -> attempted.put(id, tx_hash)); // the ledger could not say: ask again next pass
            return;
        }
        if (tx == null) {
            List<Long> again = contracts.stream().filter(id -> resent.merge(id, 1, Integer::sum) <= RESENDS_PER_EPOCH_MAX).toList();
            again.forEach(attempted::remove);
            log.warn("event=proof_batch_lost contracts={} epoch={} tx={} resent={} reason=\"no block holds it\"", contracts, epoch, tx_hash, again.size());
            return;
        }
        log.warn("event=proof_rejected contracts={} epoch={} tx={} reason=\"{}\"", contracts, epoch, tx_hash, tx.path("error").path("message").asText());
    }

    /** Deletes pieces whose contracts the ledger shows closed (never ones it cannot confirm). */
    private void collect(TreeSet<Long> active) {
        byte[] after = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            List<PieceStore.PieceInfo> pieces = store.listAfter(after, Scrubber.PAGE_PIECES_MAX);
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
