package dcloud.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Piece uploads and downloads against storage nodes' piece APIs, with bounded timeouts. */
public final class PieceTransport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();

    static final int ERROR_BODY_BYTES_MAX = 4096;

    /** Uploads the first {@code length} bytes of {@code piece} for {@code contract}; throws with the node's reason when it refuses. */
    public void put(String endpoint, long contract, byte[] piece, int length) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/v1/pieces/" + contract)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/octet-stream").PUT(new SlicePublisher(piece, 0, length)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("node refused the upload (" + response.statusCode() + "): " + reason(response.body()));
        }
    }

    /** Downloads the piece of {@code contract} into {@code sink}; returns the bytes received. */
    int get(String endpoint, long contract, ArraySink sink) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/v1/pieces/" + contract)).timeout(REQUEST_TIMEOUT).GET().build();
        byte[] error_body = new byte[ERROR_BODY_BYTES_MAX];
        HttpResponse<Integer> response = http.send(request, info -> info.statusCode() == 200 ? sink : new ArraySink(error_body, error_body.length, true));
        if (response.statusCode() != 200) {
            throw new IOException("node answered " + response.statusCode() + ": "
                    + reason(new String(error_body, 0, response.body(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    private static String reason(String body) {
        try {
            JsonNode json = ObjectIndex.JSON.readTree(body);
            return json.path("error").path("message").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
