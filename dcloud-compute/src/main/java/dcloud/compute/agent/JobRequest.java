package dcloud.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.bytes.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a developer asks a compute contract to run, as it sits (public) in the contract's request:
 * the workload's kind, SHA-256 and size, and the SHA-256 of its environment payload. The workload
 * and the environment themselves travel off-ledger, straight to the provider's agent, which checks
 * them against these hashes. Replicas of one job carry byte-identical requests.
 */
public record JobRequest(String kind, byte[] workloadSha256, long workloadSizeBytes, byte[] envSha256) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] encode() {
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("kind", kind);
        workload.put("sha256", Hex.encode(workloadSha256));
        workload.put("size_bytes", workloadSizeBytes);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workload", workload);
        out.put("env_sha256", Hex.encode(envSha256));
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a contract request; returns null when it names no workload (an ordinary rental). */
    public static JobRequest parse(byte[] request) throws IllegalArgumentException {
        if (request.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(request, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
        JsonNode workload = root == null ? null : root.get("workload");
        if (workload == null) {
            return null;
        }
        String kind = workload.path("kind").asText("");
        byte[] sha = hash(workload.path("sha256").asText(""), "workload.sha256");
        long size = workload.path("size_bytes").asLong(-1);
        if (kind.isEmpty() || size < 0) {
            throw new IllegalArgumentException("request: workload needs a kind and a size_bytes >= 0");
        }
        return new JobRequest(kind, sha, size, hash(root.path("env_sha256").asText(""), "env_sha256"));
    }

    private static byte[] hash(String hex, String field) {
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("request: " + field + " must be 64 lowercase hex digits");
        }
        return Hex.decode(hex);
    }
}
