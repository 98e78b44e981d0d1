package dcloud.compute.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.compute.provision.WorkloadStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code result/status.json}: a finished job's state, exit code and detail, written last and atomically,
 * so that its presence means the whole result is there. Example:
 * {@code {"state":"FAILED","exit_code":-1,"detail":"cpu time limit 500 ms reached"}}.
 */
final class StatusFile {
    static final String NAME = "status.json";
    private static final long SIZE_MAX = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusFile() {}

    static void write(Path resultDir, WorkloadStatus status) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", status.state().name());
        fields.put("exit_code", status.exitCode());
        fields.put("detail", status.detail());
        Path temporary = resultDir.resolve(NAME + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(fields));
        Files.move(temporary, resultDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The status a finished job left, or empty if there is none (or it is not one this class wrote). */
    static Optional<WorkloadStatus> read(Path resultDir) {
        Path file = resultDir.resolve(NAME);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > SIZE_MAX) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            WorkloadStatus.State state = WorkloadStatus.State.valueOf(node.path("state").asText());
            if (!state.isFinal() || !node.path("exit_code").isInt() || !node.path("detail").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new WorkloadStatus(state, node.path("exit_code").asInt(), node.path("detail").asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
