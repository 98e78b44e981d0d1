package dcloud.node.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxBody;
import java.time.Clock;
import java.util.List;

/**
 * How a node without the validator role reaches the ledger: the validator APIs in
 * {@code ledger_api_url} (comma-separated), tried in turn when one is unreachable, and the
 * provider key that signs what this node submits.
 */
public final class LedgerLink {
    private final List<NodeClient> validators;
    private final KeyPair key;
    private final Clock clock;
    private volatile int preferred;
    private volatile String chain_id;

    public LedgerLink(String urls, KeyPair key, Clock clock) {
        this.validators = java.util.Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).map(NodeClient::new).toList();
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("ledger_api_url names no validator");
        }
        this.key = key;
        this.clock = clock;
    }

    public KeyPair key() {
        return key;
    }

    private interface Call {
        JsonNode on(NodeClient validator) throws ApiException;
    }

    /** Runs {@code call} on the first validator that answers, starting with the last one that did; API errors are answers. */
    private JsonNode firstAnswering(Call call) throws ApiException {
        ApiException last = null;
        for (int attempt = 0; attempt < validators.size(); attempt++) {
            int index = (preferred + attempt) % validators.size();
            try {
                JsonNode answer = call.on(validators.get(index));
                preferred = index;
                return answer;
            } catch (ApiException e) {
                if (!e.code.equals("unreachable")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** GET on the first validator that answers; API errors (404, 400) are answers and are thrown as such. */
    public JsonNode get(String path) throws ApiException {
        return firstAnswering(validator -> validator.get(path));
    }

    /**
     * The ledger's record of tx {@code hash_hex} (committed, or applied and refused), waiting up to
     * {@code wait_ms} for its block; null when no block holds it (yet).
     */
    public JsonNode txRecord(String hash_hex, long wait_ms) throws ApiException {
        try {
            return get("/api/v1/txs/" + hash_hex + (wait_ms > 0 ? "?wait_ms=" + wait_ms : ""));
        } catch (ApiException e) {
            if (e.http_status == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Signs {@code body} with the node's key and submits it, waiting for the commit; returns the API's answer. */
    public JsonNode submit(TxBody body) throws ApiException {
        return post(sign(body), "/api/v1/tx");
    }

    /** Signs and submits without waiting for the block (the answer says admitted or refused); returns the tx. */
    public SignedTx send(TxBody body) throws ApiException {
        SignedTx tx = sign(body);
        JsonNode answer = post(tx, "/api/v1/tx?wait=false");
        if (answer.has("error")) {
            throw new ApiException(400, answer.path("error").path("code").asText(), answer.path("error").path("message").asText());
        }
        return tx;
    }

    /** The ledger's chain id, asked once. */
    public String chainId() throws ApiException {
        if (chain_id == null) {
            chain_id = get("/api/v1/status").path("chain_id").asText();
        }
        return chain_id;
    }

    private SignedTx sign(TxBody body) throws ApiException {
        java.time.Instant now = clock.instant();
        return SignedTx.sign(key, chainId(), now.getEpochSecond() * 1_000_000_000L + now.getNano(), body);
    }

    private JsonNode post(SignedTx tx, String path) throws ApiException {
        return firstAnswering(validator -> validator.post(path, java.util.Map.of("tx", dcloud.core.bytes.Hex.encode(tx.bytes()))));
    }
}
