package dcloud.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent has promised about one contract, on disk ({@code workloads/<id>/record.json},
 * written atomically): kind, phase, forwarded ports, and whether access and the result were
 * posted. The agent reloads these after a restart and reconciles them with the ledger and with what
 * still runs, so that nothing is orphaned and nothing is started twice.
 */
record WorkloadRecord(long contract, String kind, Phase phase, Map<Integer, Integer> forwards, boolean accessPosted,
                      boolean resultPosted) {
    enum Phase { UPLOADED, RUNNING, FINISHED, STOPPED }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "record.json";

    WorkloadRecord {
        forwards = Map.copyOf(forwards);
    }

    WorkloadRecord with(Phase next) {
        return new WorkloadRecord(contract, kind, next, forwards, accessPosted, resultPosted);
    }

    WorkloadRecord withForwards(Map<Integer, Integer> ports) {
        return new WorkloadRecord(contract, kind, phase, ports, accessPosted, resultPosted);
    }

    WorkloadRecord withAccessPosted() {
        return new WorkloadRecord(contract, kind, phase, forwards, true, resultPosted);
    }

    WorkloadRecord withResultPosted() {
        return new WorkloadRecord(contract, kind, phase, forwards, accessPosted, true);
    }

    void save(Path dir) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("contract", contract).put("kind", kind).put("phase", phase.name()).put("access_posted", accessPosted)
                .put("result_posted", resultPosted);
        ObjectNode ports = out.putObject("forwards");
        forwards.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> ports.put(e.getKey().toString(), e.getValue()));
        Path temp = dir.resolve(FILE + ".tmp");
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static WorkloadRecord load(Path dir) throws IOException {
        JsonNode in = JSON.readTree(Files.readString(dir.resolve(FILE)));
        Map<Integer, Integer> forwards = new LinkedHashMap<>();
        in.path("forwards").fields().forEachRemaining(e -> forwards.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
        try {
            return new WorkloadRecord(in.path("contract").asLong(), in.path("kind").asText(), Phase.valueOf(in.path("phase").asText()),
                    forwards, in.path("access_posted").asBoolean(), in.path("result_posted").asBoolean());
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(FILE) + " is corrupt: " + e.getMessage(), e);
        }
    }

    static List<Path> all(Path workloads_dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(workloads_dir)) {
            return out;
        }
        try (var list = Files.list(workloads_dir)) {
            list.filter(p -> Files.isRegularFile(p.resolve(FILE))).sorted().forEach(out::add);
        }
        return out;
    }
}
