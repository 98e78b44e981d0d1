package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.EgressOrder;
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
    /** Epochs an egress order stays good after the current one: enough for a slow download to be settled. */
    static final long ORDER_EPOCHS = 2;
    /** How long the epoch read for orders is trusted (epochs last a minute or more). */
    private static final long EPOCH_CACHE_MS = 10_000;
    private final NodeClient node;
    private final KeyPair key;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private String chain_id;
    private long epoch = -1;
    private long epoch_read_ms;

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

    private synchronized String chainId() throws ApiException {
        if (chain_id == null) {
            chain_id = node.status().path("chain_id").asText();
        }
        return chain_id;
    }

    /**
     * A signed egress order (hex, for the piece request's header) promising {@code node_account} payment
     * for up to {@code bytes} of {@code contract}'s piece at its egress price, good for
     * {@link #ORDER_EPOCHS} more epochs. Each order has a fresh random serial, so it pays once.
     */
    public synchronized String egressOrder(String node_account, long contract, long bytes) throws StorageException {
        try {
            long now_ms = System.currentTimeMillis();
            if (epoch < 0 || now_ms - epoch_read_ms >= EPOCH_CACHE_MS) {
                epoch = node.get("/api/v1/storage/epoch").path("epoch").asLong();
                epoch_read_ms = now_ms;
            }
            byte[] serial = new byte[EgressOrder.SERIAL_SIZE_BYTES];
            random.nextBytes(serial);
            byte[] to = Account.parse(node_account).owner();
            return Hex.encode(EgressOrder.sign(key, chainId(), to, contract, serial, bytes, epoch + ORDER_EPOCHS).toBytes());
        } catch (ApiException e) {
            throw new StorageException("cannot sign an egress order: " + e.getMessage(), e);
        }
    }

    /** Signs and hands the tx to the node without waiting for its block. */
    public SignedTx send(TxBody body) throws StorageException {
        return send(sign(body));
    }

    /** Signs {@code body} with the user's key, stamped now; sends nothing. */
    public SignedTx sign(TxBody body) throws StorageException {
        try {
            java.time.Instant now = java.time.Instant.now();
            return SignedTx.sign(key, chainId(), now.getEpochSecond() * 1_000_000_000L + now.getNano(), body);
        } catch (ApiException e) {
            throw new StorageException(body.kind().wireName() + " not signed: cannot read the chain id: " + e.getMessage(), e);
        }
    }

    /** Hands a signed tx to the node without waiting for its block. */
    public SignedTx send(SignedTx tx) throws StorageException {
        try {
            JsonNode answer = node.post("/api/v1/tx?wait=false", Map.of("tx", Hex.encode(tx.bytes())));
            if (answer.has("error")) {
                throw new StorageException(tx.body().kind().wireName() + " refused: " + answer.path("error").path("message").asText());
            }
            return tx;
        } catch (ApiException e) {
            throw new StorageException(tx.body().kind().wireName() + " refused: " + e.getMessage(), e);
        }
    }

    /**
     * Settles a tx that a killed command signed and may or may not have sent: true once it is
     * committed, false when it failed in its block or this chain can never take it. A block's record
     * is final, so a tx that has one is not sent again (resending a failed one could commit it now).
     * A tx with no record may be in a mempool, or lost with the command: it is sent again, which the
     * ledger takes once by hash, and its block is awaited, so that no later commit can surprise the
     * caller. Throws when the ledger cannot be asked or makes no block for it within the wait.
     */
    public boolean settle(SignedTx tx) throws StorageException {
        JsonNode recorded = find("/api/v1/txs/" + tx.hashHex());
        if (recorded == null) {
            try {
                send(tx);
            } catch (StorageException e) {
                if (e.getCause() instanceof ApiException refused && refused.http_status == 400 && refused.code.equals("invalid")) {
                    return false; // another chain's, or unsigned by this key: it can commit nowhere here
                }
                throw e;
            }
            recorded = outcome(tx);
            if (recorded == null) {
                throw new StorageException("tx " + tx.hashHex() + " of an interrupted command was not in a block within " + COMMIT_WAIT_MS_MAX + " ms");
            }
        }
        return recorded.path("status").asText().equals("committed");
    }

    /**
     * Waits for {@code tx}'s block; returns its result's detail, or throws with the ledger's reason.
     * Each request waits on the node for the commit (long poll), so the answer comes when the block
     * lands; a quick 404 (a node that cannot wait just now) is retried after {@link #POLL_MS}.
     */
    public long await(SignedTx tx) throws StorageException {
        JsonNode found = outcome(tx);
        if (found == null) {
            throw new StorageException(tx.body().kind().wireName() + " tx " + tx.hashHex() + " was not committed within " + COMMIT_WAIT_MS_MAX + " ms");
        }
        if (!found.path("status").asText().equals("committed")) {
            throw new StorageException(tx.body().kind().wireName() + " failed: " + found.path("error").path("message").asText());
        }
        return found.path("detail").asLong();
    }

    /** {@code tx}'s record once a block holds it (committed or refused), or null when none does within {@link #COMMIT_WAIT_MS_MAX}. */
    public JsonNode outcome(SignedTx tx) throws StorageException {
        long deadline_ns = System.nanoTime() + COMMIT_WAIT_MS_MAX * 1_000_000;
        for (int attempt = 0; attempt < AWAIT_ATTEMPTS_MAX; attempt++) {
            long left_ms = (deadline_ns - System.nanoTime()) / 1_000_000;
            if (left_ms <= 0) {
                break;
            }
            long asked_ns = System.nanoTime();
            JsonNode found = find("/api/v1/txs/" + tx.hashHex() + "?wait_ms=" + Math.min(left_ms, LONG_POLL_MS));
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - asked_ns < POLL_MS * 1_000_000) {
                sleep(tx);
            }
        }
        return null;
    }

    /**
     * Waits until the chain is {@code blocks} blocks past its height now, so that a tx that was in a
     * mempool when this was called is in a block by the time it returns (unless more txs wait than
     * those blocks hold). Bounded by {@link #COMMIT_WAIT_MS_MAX}.
     */
    public void awaitBlocks(int blocks) throws StorageException {
        long target = get("/api/v1/status").path("height").asLong() + blocks;
        long deadline_ms = System.currentTimeMillis() + COMMIT_WAIT_MS_MAX;
        for (int attempt = 0; attempt < AWAIT_ATTEMPTS_MAX && get("/api/v1/status").path("height").asLong() < target; attempt++) {
            if (System.currentTimeMillis() > deadline_ms) {
                throw new StorageException("the ledger made no " + blocks + " blocks within " + COMMIT_WAIT_MS_MAX + " ms");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for blocks");
            }
        }
    }

    private static void sleep(SignedTx tx) throws StorageException {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for " + tx.hashHex());
        }
    }

    /**
     * Visits this account's storage contracts (any state) in id order, a page of up to 10,000 at a
     * time, until {@code visitor} answers false or {@code pages_max} pages were read. Returns false
     * when the pages ran out before the last contract.
     */
    public boolean forEachOwnContract(int pages_max, java.util.function.Predicate<JsonNode> visitor) throws StorageException {
        String after = "";
        for (int page = 0; page < pages_max; page++) {
            JsonNode listed = get("/api/v1/storage/contracts?owner=" + account() + after);
            for (JsonNode contract : listed.path("contracts")) {
                if (!visitor.test(contract)) {
                    return true;
                }
            }
            if (!listed.path("next_after").isNumber()) {
                return true;
            }
            after = "&after=" + listed.path("next_after").asLong();
        }
        return false;
    }

    public long submit(TxBody body) throws StorageException {
        return await(send(body));
    }
}
