package dcloud.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workload's environment as the developer sends it to the agent:
 * {@code {"salt": "<random hex>", "vars": {"K": "V"}}}. Only its SHA-256 goes on-ledger; the salt
 * keeps a short secret value from being guessed from that hash.
 */
public final class EnvPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvPayload() {}

    public static byte[] build(Map<String, String> vars, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("salt", dcloud.core.bytes.Hex.encode(salt));
        out.put("vars", new TreeMap<>(vars));
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The variables, checked: names like shell variables, bounded count and size. */
    public static TreeMap<String, String> parse(byte[] payload) throws AgentException {
        if (payload.length > AgentSettings.ENV_SIZE_BYTES_MAX) {
            throw new AgentException(413, "env: at most " + AgentSettings.ENV_SIZE_BYTES_MAX + " bytes, got " + payload.length);
        }
        JsonNode vars;
        try {
            vars = JSON.readTree(new String(payload, StandardCharsets.UTF_8)).path("vars");
        } catch (IOException | NullPointerException e) {
            throw new AgentException(400, "env: not the JSON {\"salt\": ..., \"vars\": {...}}");
        }
        TreeMap<String, String> out = new TreeMap<>();
        var fields = vars.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,63}") || !field.getValue().isTextual()) {
                throw new AgentException(400, "env: variable '" + field.getKey() + "' must be named [A-Za-z_][A-Za-z0-9_]* and have a text value");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        if (out.size() > AgentSettings.ENV_VARS_MAX) {
            throw new AgentException(400, "env: at most " + AgentSettings.ENV_VARS_MAX + " variables, got " + out.size());
        }
        return out;
    }
}
