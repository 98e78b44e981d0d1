package dcloud.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node API client against a real loopback HTTP server. */
class NodeClientTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            String path = exchange.getRequestURI().getPath();
            byte[] answer;
            int status = 200;
            if (path.endsWith("/missing")) {
                status = 404;
                answer = "{\"error\":{\"code\":\"not_found\",\"message\":\"no such block\"}}".getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith("/garbage")) {
                answer = "<html>".getBytes(StandardCharsets.UTF_8);
            } else {
                answer = "{\"ok\":true,\"pad\":\"".concat("x".repeat(100_000)).concat("\"}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, 0); // chunked
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void getsAndPostsJsonOverOneKeptConnection() throws Exception {
        NodeClient client = new NodeClient(url() + "/");
        JsonNode status = client.status();
        JsonNode posted = client.post("/api/v1/faucet", Map.of("account", "a"));

        assertThat(status.path("ok").asBoolean()).isTrue();
        assertThat(posted.path("pad").asText()).hasSize(100_000);
        assertThat(requests).containsExactly("GET /api/v1/status ", "POST /api/v1/faucet {\"account\":\"a\"}");
    }

    @Test
    void turnsAnErrorAnswerIntoAnApiExceptionWithItsCode() {
        assertThatThrownBy(() -> new NodeClient(url()).block("missing"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.http_status).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no such block");
                });
        assertThatThrownBy(() -> new NodeClient(url()).get("/garbage"))
                .isInstanceOf(ApiException.class).hasMessageContaining("non-JSON: <html>");
    }

    @Test
    void namesTheProblemWithAnUnreachableNodeOrAnHttpsUrl() throws Exception {
        int closed_port;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed_port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new NodeClient("http://127.0.0.1:" + closed_port).status())
                .isInstanceOf(ApiException.class).hasMessageContaining("cannot reach the node at http://127.0.0.1:" + closed_port);
        assertThatThrownBy(() -> new NodeClient("https://127.0.0.1:1").status())
                .isInstanceOf(ApiException.class).hasMessageContaining("https is not supported");
    }
}
