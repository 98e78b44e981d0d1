package dcloud.node.compute;

import dcloud.compute.agent.Agent;
import dcloud.compute.agent.AgentException;
import dcloud.core.bytes.Hex;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's HTTP API, for developers:
 * <ul>
 *   <li>{@code PUT /v1/workloads/{contract}}: body {@code u32 env length ‖ env payload ‖ workload},
 *       header {@code X-Dcloud-Signature} (hex, the developer's, see UploadSignature);</li>
 *   <li>{@code GET /v1/workloads/{contract}}: public status;</li>
 *   <li>{@code GET /v1/workloads/{contract}/logs} and {@code /result}: sealed to the developer.</li>
 * </ul>
 * The upload streams to a temp file, bounded, before anything is checked or kept.
 */
final class AgentServer implements AutoCloseable {
    private final Agent agent;
    private final Path uploads_dir;
    private final long artifact_size_bytes_max;
    private final Javalin app;

    AgentServer(Agent agent, Path uploads_dir, long artifact_size_bytes_max, String host, int port) throws IOException {
        this.agent = agent;
        this.uploads_dir = Files.createDirectories(uploads_dir);
        this.artifact_size_bytes_max = artifact_size_bytes_max;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = artifact_size_bytes_max + dcloud.compute.agent.AgentSettings.ENV_SIZE_BYTES_MAX + 4;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.put("/v1/workloads/{contract}", this::upload);
            config.routes.get("/v1/workloads/{contract}", ctx -> ctx.json(agent.status(contract(ctx))));
            config.routes.get("/v1/workloads/{contract}/logs", ctx -> ctx.contentType("application/octet-stream")
                    .result(agent.sealedLogs(contract(ctx))));
            config.routes.get("/v1/workloads/{contract}/result", ctx -> ctx.contentType("application/octet-stream")
                    .result(agent.sealedResult(contract(ctx))));
            config.routes.get("/v1/health", ctx -> ctx.json(Map.of("kinds", agent.kinds())));
            config.routes.exception(AgentException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, e.toString()));
        }).start();
    }

    int port() {
        return app.port();
    }

    private static long contract(Context ctx) throws AgentException {
        try {
            long id = Long.parseLong(ctx.pathParam("contract"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new AgentException(400, "contract: must be a positive integer, got '" + ctx.pathParam("contract") + "'");
    }

    private void upload(Context ctx) throws Exception {
        long contract = contract(ctx);
        String signature_hex = ctx.header("X-Dcloud-Signature");
        if (signature_hex == null || !signature_hex.matches("[0-9a-f]{128}")) {
            throw new AgentException(400, "X-Dcloud-Signature: the developer's Ed25519 signature, 128 hex digits");
        }
        Path temp = Files.createTempFile(uploads_dir, "upload-" + contract + "-", ".part");
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] env = readEnv(in);
            copyBounded(in, temp);
            ctx.json(agent.upload(contract, Hex.decode(signature_hex), env, temp));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] readEnv(InputStream in) throws IOException, AgentException {
        byte[] length_bytes = in.readNBytes(4);
        int length = length_bytes.length == 4 ? ByteBuffer.wrap(length_bytes).getInt() : -1;
        if (length < 0 || length > dcloud.compute.agent.AgentSettings.ENV_SIZE_BYTES_MAX) {
            throw new AgentException(400, "body: must start with a u32 env length of at most "
                    + dcloud.compute.agent.AgentSettings.ENV_SIZE_BYTES_MAX);
        }
        byte[] env = in.readNBytes(length);
        if (env.length != length) {
            throw new AgentException(400, "body: ends inside the env payload");
        }
        return env;
    }

    private void copyBounded(InputStream in, Path temp) throws IOException, AgentException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > artifact_size_bytes_max) {
                    throw new AgentException(413, "workload: at most " + artifact_size_bytes_max + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "http_" + status);
        error.put("message", message);
        ctx.status(status).json(Map.of("error", error));
    }

    @Override
    public void close() {
        app.stop();
    }
}
