package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxBody;
import java.util.Map;

/** The storage client's view of the ledger: reads through the node API, and txs signed with the user's key. */
public final class LedgerAccess {
    private static final long COMMIT_WAIT_MS_MAX = 60_000;
    private static final long POLL_MS = 100;
    /** One request's wait for a commit; well under the HTTP client's 40 s request timeout. */
    private static final long LONG_POLL_MS = 10_000;
    /** Bounds the loop even if every answer came back at once (then each attempt sleeps POLL_MS). */
    private static final int AWAIT_ATTEMPTS_MAX = (int) (COMMIT_WAIT_MS_MAX / POLL_MS) + 1;
    private final NodeClient node;
    private final KeyPair key;
    private String chain_id;

    public LedgerAccess(NodeClient node, KeyPair key) {
        this.node = node;
        this.key = key;
    }

    public String account() {
        return Account.of(key.publicKey()).toText();
    }

    public JsonNode get(String path) throws StorageException {
        try {
            return node.get(path);
        } catch (ApiException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** Null on 404; other errors are thrown. */
    public JsonNode find(String path) throws StorageException {
        try {
            return node.get(path);
        } catch (ApiException e) {
            if (e.http_status == 404) {
                return null;
            }
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** Signs and hands the tx to the node without waiting for its block. */
    public SignedTx send(TxBody body) throws StorageException {
        try {
            if (chain_id == null) {
                chain_id = node.status().path("chain_id").asText();
            }
            java.time.Instant now = java.time.Instant.now();
            SignedTx tx = SignedTx.sign(key, chain_id, now.getEpochSecond() * 1_000_000_000L + now.getNano(), body);
            JsonNode answer = node.post("/api/v1/tx?wait=false", Map.of("tx", Hex.encode(tx.bytes())));
            if (answer.has("error")) {
                throw new StorageException(body.kind().wireName() + " refused: " + answer.path("error").path("message").asText());
            }
            return tx;
        } catch (ApiException e) {
            throw new StorageException(body.kind().wireName() + " refused: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for {@code tx}'s block; returns its result's detail, or throws with the ledger's reason.
     * Each request waits on the node for the commit (long poll), so the answer comes when the block
     * lands; a quick 404 (a node that cannot wait just now) is retried after {@link #POLL_MS}.
     */
    public long await(SignedTx tx) throws StorageException {
        long deadline_ns = System.nanoTime() + COMMIT_WAIT_MS_MAX * 1_000_000;
        for (int attempt = 0; attempt < AWAIT_ATTEMPTS_MAX; attempt++) {
            long left_ms = (deadline_ns - System.nanoTime()) / 1_000_000;
            if (left_ms <= 0) {
                break;
            }
            long asked_ns = System.nanoTime();
            JsonNode found = find("/api/v1/txs/" + tx.hashHex() + "?wait_ms=" + Math.min(left_ms, LONG_POLL_MS));
            if (found != null) {
                if (!found.path("status").asText().equals("committed")) {
                    throw new StorageException(tx.body().kind().wireName() + " failed: " + found.path("error").path("message").asText());
                }
                return found.path("detail").asLong();
            }
            if (System.nanoTime() - asked_ns < POLL_MS * 1_000_000) {
                sleep(tx);
            }
        }
        throw new StorageException(tx.body().kind().wireName() + " tx " + tx.hashHex() + " was not committed within " + COMMIT_WAIT_MS_MAX + " ms");
    }

    private static void sleep(SignedTx tx) throws StorageException {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for " + tx.hashHex());
        }
    }

    public long submit(TxBody body) throws StorageException {
        return await(send(body));
    }
}
