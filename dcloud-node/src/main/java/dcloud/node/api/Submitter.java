package dcloud.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.chain.Admission;
import dcloud.chain.ChainNode;
import dcloud.chain.consensus.Peer;
import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.ledger.store.TxRecord;
import dcloud.ledger.tx.SignedTx;
import dcloud.node.config.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Takes transactions from clients: decodes strictly, admits on the leader or forwards the exact
 * bytes to it, and (when asked) waits for the commit on this node, which applies every block too.
 */
final class Submitter {
    static final int BATCH_TXS_MAX = 10_000;
    private final ChainNode chain;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Submitter(ChainNode chain) {
        this.chain = chain;
    }

    static SignedTx decode(String hex, String field) {
        if (hex == null) {
            throw ApiError.badRequest(field + " is required: the signed transaction as hex");
        }
        try {
            return SignedTx.decode(Hex.decode(hex));
        } catch (IllegalArgumentException | DecodeException e) {
            throw ApiError.badRequest(field + " is not a valid transaction: " + e.getMessage());
        }
    }

    /** Admits every tx; a batch fails as a whole only on malformed input, never half-decoded. */
    List<Admission> admit(List<SignedTx> txs) {
        List<Admission> out = new ArrayList<>(txs.size());
        List<SignedTx> to_forward = new ArrayList<>();
        for (SignedTx tx : txs) {
            Admission admission = chain.admit(tx);
            out.add(admission);
            if (admission.status() == Admission.Status.NOT_LEADER) {
                to_forward.add(tx);
            }
        }
        if (!to_forward.isEmpty()) {
            forward(to_forward, out);
        }
        return out;
    }

    private void forward(List<SignedTx> txs, List<Admission> admissions) {
        Peer leader = chain.leader();
        Admission result;
        if (leader == null) {
            result = new Admission(Admission.Status.BUSY, "busy: no leader elected yet; retry shortly");
        } else {
            result = post(leader, txs);
        }
        for (int i = 0; i < admissions.size(); i++) {
            if (admissions.get(i).status() == Admission.Status.NOT_LEADER) {
                admissions.set(i, result);
            }
        }
    }

    private Admission post(Peer leader, List<SignedTx> txs) {
        List<String> hexes = txs.stream().map(tx -> Hex.encode(tx.bytes())).toList();
        try {
            String body = Json.MAPPER.writeValueAsString(Map.of("txs", hexes));
            HttpRequest request = HttpRequest.newBuilder(URI.create(leader.apiUrl() + "/api/v1/txs?wait=false&forwarded=true"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                return new Admission(Admission.Status.BUSY, "busy: the leader " + leader.id() + " refused: " + response.body());
            }
            if (response.statusCode() != 200) {
                return new Admission(Admission.Status.INVALID, "leader " + leader.id() + " answered " + response.statusCode() + ": " + response.body());
            }
            return new Admission(Admission.Status.ACCEPTED, "forwarded to leader " + leader.id());
        } catch (java.io.IOException e) {
            return new Admission(Admission.Status.BUSY, "busy: cannot reach the leader " + leader.id() + " (" + e.getMessage() + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Admission(Admission.Status.BUSY, "busy: interrupted");
        }
    }

    /** The response body of one tx: its hash, and its outcome once committed (or "pending"). */
    Map<String, Object> await(SignedTx tx, Admission admission, boolean wait, long wait_ms) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", tx.hashHex());
        if (!admission.queued()) {
            out.put("status", "rejected");
            out.put("error", Map.of("code", admission.status().name().toLowerCase(java.util.Locale.ROOT), "message", admission.message()));
            return out;
        }
        if (!wait) {
            out.put("status", "pending");
            return out;
        }
        TxRecord record = chain.awaitCommit(tx.hash(), wait_ms).exceptionally(error -> null).join();
        if (record == null) {
            out.put("status", "pending");
            out.put("message", "not committed within " + wait_ms + " ms; query GET /api/v1/txs/" + tx.hashHex());
            return out;
        }
        out.putAll(Views.outcome(record));
        return out;
    }

    List<Map<String, Object>> awaitAll(List<SignedTx> txs, List<Admission> admissions, boolean wait, long wait_ms) {
        List<CompletableFuture<Map<String, Object>>> futures = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            SignedTx tx = txs.get(i);
            Admission admission = admissions.get(i);
            futures.add(CompletableFuture.supplyAsync(() -> await(tx, admission, wait, wait_ms), Runnable::run));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    static List<String> txList(JsonNode body) {
        JsonNode txs = body.get("txs");
        if (txs == null || !txs.isArray()) {
            throw ApiError.badRequest("txs is required: an array of signed transactions as hex");
        }
        if (txs.size() > BATCH_TXS_MAX) {
            throw ApiError.badRequest("txs has " + txs.size() + " entries; at most " + BATCH_TXS_MAX + " per request");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode tx : txs) {
            if (!tx.isTextual()) {
                throw ApiError.badRequest("txs entries must be hex strings");
            }
            out.add(tx.asText());
        }
        return out;
    }
}
