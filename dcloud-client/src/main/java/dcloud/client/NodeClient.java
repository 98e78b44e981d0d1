package dcloud.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.SignedTx;
import java.io.IOException;
import dcloud.client.http.HttpConnection;
import dcloud.client.http.HttpPool;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;

/**
 * The HTTP client SDK of the node API: one method per endpoint, errors as {@link ApiException}.
 * Requests go over kept-alive plain HTTP/1.1 connections ({@link HttpPool}).
 */
public final class NodeClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final long REQUEST_TIMEOUT_MS = 40_000;
    static final int RESPONSE_BYTES_MAX = 64 * 1024 * 1024;
    private final String base_url;
    /** The base URL's path, put before every API path (empty for a bare http://HOST:PORT). */
    private final String prefix;
    /** Shared by every client in the process, so commands that make several clients reuse connections. */
    private static final HttpPool HTTP = new HttpPool(REQUEST_TIMEOUT_MS);

    public NodeClient(String base_url) {
        this.base_url = base_url.endsWith("/") ? base_url.substring(0, base_url.length() - 1) : base_url;
        String path;
        try {
            path = URI.create(this.base_url).getRawPath();
        } catch (IllegalArgumentException e) {
            path = "";
        }
        this.prefix = path == null ? "" : path;
    }

    public String baseUrl() {
        return base_url;
    }

    public JsonNode status() throws ApiException {
        return get("/api/v1/status");
    }

    public JsonNode token() throws ApiException {
        return get("/api/v1/token");
    }

    public JsonNode balance(String account) throws ApiException {
        return get("/api/v1/accounts/" + account + "/balance");
    }

    public JsonNode history(String account, int limit) throws ApiException {
        return get("/api/v1/accounts/" + account + "/history?limit=" + limit);
    }

    public JsonNode allowance(String owner, String spender) throws ApiException {
        return get("/api/v1/allowances/" + owner + "/" + spender);
    }

    public JsonNode block(String height) throws ApiException {
        return get("/api/v1/blocks/" + height);
    }

    public JsonNode tx(String hash) throws ApiException {
        return get("/api/v1/txs/" + hash);
    }

    public JsonNode submit(SignedTx tx) throws ApiException {
        return post("/api/v1/tx", Map.of("tx", Hex.encode(tx.bytes())));
    }

    public JsonNode faucet(String account, String amount) throws ApiException {
        return post("/api/v1/faucet", Map.of("account", account, "amount", amount));
    }

    public JsonNode get(String path) throws ApiException {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) throws ApiException {
        try {
            return send("POST", path, JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(0, "client", "cannot encode the request: " + e.getMessage());
        }
    }

    /**
     * One request; an answer of 400 or more with an {@code error} object becomes an ApiException.
     * A GET is safe to repeat, and so is a POST here: a transaction is identified by its hash and a
     * node refuses it as a duplicate, so the pool may resend either on a fresh connection.
     */
    private JsonNode send(String method, String path, byte[] body) throws ApiException {
        String authority;
        try {
            authority = HttpConnection.authority(base_url);
        } catch (IOException e) {
            throw new ApiException(0, "client", "node URL: " + e.getMessage());
        }
        HttpPool.Exchange exchange = connection -> {
            connection.send(method, prefix + path, "application/json", body, 0, body == null ? 0 : body.length);
            return connection.readHead();
        };
        int[] status = new int[1];
        byte[] answer;
        try {
            answer = HTTP.call(authority, exchange, (connection, head) -> {
                status[0] = head.status();
                return connection.readSmallBody(head, RESPONSE_BYTES_MAX);
            });
        } catch (ConnectException e) {
            throw new ApiException(0, "unreachable", "cannot reach the node at " + base_url
                    + " (is a devnet running? try 'dcloud devnet up', or pass --node URL)");
        } catch (IOException e) {
            throw new ApiException(0, "unreachable", "request to " + base_url + " failed: " + e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(answer);
        } catch (IOException e) {
            String text = new String(answer, 0, Math.min(answer.length, 500), java.nio.charset.StandardCharsets.UTF_8);
            throw new ApiException(status[0], "bad_response", "node answered " + status[0] + " with non-JSON: " + text);
        }
        if (status[0] >= 400 && json.has("error") && !json.has("hash")) {
            throw new ApiException(status[0], json.path("error").path("code").asText(), json.path("error").path("message").asText());
        }
        return json;
    }
}
