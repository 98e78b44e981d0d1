package dcloud.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.SignedTx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The HTTP client SDK of the node API: one method per endpoint, errors as {@link ApiException}. */
public final class NodeClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final String base_url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public NodeClient(String base_url) {
        this.base_url = base_url.endsWith("/") ? base_url.substring(0, base_url.length() - 1) : base_url;
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
        return send(HttpRequest.newBuilder(URI.create(base_url + path)).timeout(Duration.ofSeconds(40)).GET().build());
    }

    public JsonNode post(String path, Object body) throws ApiException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base_url + path)).timeout(Duration.ofSeconds(40))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            return send(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(0, "client", "cannot encode the request: " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest request) throws ApiException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiException(0, "unreachable", "cannot reach the node at " + base_url
                    + " (is a devnet running? try 'dcloud devnet up', or pass --node URL)");
        } catch (IOException e) {
            throw new ApiException(0, "unreachable", "request to " + base_url + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", "interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "bad_response", "node answered " + response.statusCode() + " with non-JSON: " + response.body());
        }
        if (response.statusCode() >= 400 && body.has("error") && !body.has("hash")) {
            throw new ApiException(response.statusCode(), body.path("error").path("code").asText(), body.path("error").path("message").asText());
        }
        return body;
    }
}
