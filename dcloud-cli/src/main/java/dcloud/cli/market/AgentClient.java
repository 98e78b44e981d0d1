package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.NodeClient;
import dcloud.core.bytes.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A provider agent's HTTP API, as the CLI uses it: upload a workload, read status, sealed logs and results. */
final class AgentClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base_url;

    AgentClient(String base_url) {
        this.base_url = base_url.endsWith("/") ? base_url.substring(0, base_url.length() - 1) : base_url;
    }

    /** The agent of the provider of {@code contract}, as registered on-ledger. */
    static AgentClient forContract(NodeClient node, JsonNode contract) throws Exception {
        JsonNode agent = node.get("/api/v1/compute/nodes/" + contract.path("provider").asText());
        return new AgentClient(agent.path("agent_url").asText());
    }

    JsonNode upload(long contract, byte[] signature, byte[] env, Path workload) throws IOException, InterruptedException {
        byte[] head = ByteBuffer.allocate(4 + env.length).putInt(env.length).put(env).array();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base_url + "/v1/workloads/" + contract))
                .header("X-Dcloud-Signature", Hex.encode(signature)).timeout(Duration.ofMinutes(5))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new SequenceInputStream(new java.io.ByteArrayInputStream(head), Files.newInputStream(workload));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })).build();
        return json(HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    JsonNode status(long contract) throws IOException, InterruptedException {
        return json(HTTP.send(get("/v1/workloads/" + contract), HttpResponse.BodyHandlers.ofByteArray()));
    }

    byte[] sealed(long contract, String what) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(get("/v1/workloads/" + contract + "/" + what), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            json(response);
        }
        return response.body();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base_url + path)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        JsonNode body;
        try (InputStream in = new java.io.ByteArrayInputStream(response.body())) {
            body = NodeClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException("agent answered " + response.statusCode() + " with no JSON");
        }
        if (response.statusCode() != 200) {
            throw new IOException("agent refused (" + response.statusCode() + "): " + body.path("error").path("message").asText());
        }
        return body;
    }
}
