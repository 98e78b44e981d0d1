package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.storage.ProofBuilder;
import dcloud.ledger.tx.ProveStorage;
import dcloud.storage.piecestore.PieceStore;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every contract this node holds once per epoch: reads the epoch's seed, builds the
 * challenged leaves' audit paths from the piece on disk and submits them. A piece that is gone or
 * damaged yields no valid proof, and the ledger's epoch settlement does the rest. Pieces of
 * contracts that closed are deleted once per epoch.
 */
final class Prover {
    private static final Logger log = LoggerFactory.getLogger(Prover.class);
    private static final int PIECES_LISTED_MAX = 1_000_000;
    private final PieceStore store;
    private final LedgerLink ledger;
    private final String self;
    private final TreeSet<String> attempted = new TreeSet<>();
    private long attempted_epoch = -1;
    private long collected_epoch = -1;

    Prover(PieceStore store, LedgerLink ledger) {
        this.store = store;
        this.ledger = ledger;
        this.self = Account.of(ledger.key().publicKey()).toText();
    }

    /** One pass; returns how many proofs were accepted. */
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
        JsonNode contracts = ledger.get("/api/v1/storage/contracts?node=" + self).path("contracts");
        TreeSet<Long> active = new TreeSet<>();
        int accepted = 0;
        for (JsonNode c : contracts) {
            long id = c.path("id").asLong();
            active.add(id);
            boolean due = c.path("start_epoch").asLong() <= epoch && epoch <= c.path("end_epoch").asLong()
                    && c.path("last_proven_epoch").asLong() != epoch;
            if (due && attempted.add(Long.toString(id)) && prove(id, seed, epoch, leaves)) {
                accepted++;
            }
        }
        if (epoch != collected_epoch) {
            collected_epoch = epoch;
            collect(active);
        }
        return accepted;
    }

    private boolean prove(long contract, byte[] seed, long epoch, int leaves) throws ApiException {
        byte[] piece;
        try {
            piece = store.readAll(PieceServer.pieceId(contract));
        } catch (PieceStore.PieceException | java.io.IOException e) {
            log.warn("event=proof_skipped contract={} epoch={} reason=\"{}\"", contract, epoch, e.getMessage());
            return false;
        }
        ProveStorage proof = ProofBuilder.build(piece, seed, contract, epoch, leaves);
        JsonNode answer = ledger.submit(proof);
        boolean ok = answer.path("status").asText().equals("committed");
        if (ok) {
            log.info("event=proof_accepted contract={} epoch={}", contract, epoch);
        } else {
            log.warn("event=proof_rejected contract={} epoch={} reason=\"{}\"", contract, epoch, answer.path("error").path("message").asText());
        }
        return ok;
    }

    /** Deletes pieces whose contracts the ledger shows closed (never ones it cannot confirm). */
    private void collect(TreeSet<Long> active) {
        for (PieceStore.PieceInfo info : store.list(PIECES_LISTED_MAX)) {
            if (active.contains(info.contract())) {
                continue;
            }
            try {
                JsonNode c = ledger.get("/api/v1/storage/contracts/" + info.contract());
                if (c.path("state").asText().equals("closed")) {
                    store.delete(info.id());
                    log.info("event=piece_deleted contract={} reason={}", info.contract(), c.path("close_reason").asText());
                }
            } catch (ApiException | PieceStore.PieceException | java.io.IOException e) {
                log.warn("event=collect_skipped contract={} reason=\"{}\"", info.contract(), e.getMessage());
            }
        }
    }
}
