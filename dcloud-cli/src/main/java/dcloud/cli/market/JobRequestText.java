package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.compute.agent.JobRequest;
import java.nio.charset.StandardCharsets;

/** Whether a contract's public request names a workload (so that an agent runs something for it). */
final class JobRequestText {
    private JobRequestText() {}

    static boolean namesWorkload(JsonNode contract) {
        try {
            return JobRequest.parse(contract.path("request").asText("").getBytes(StandardCharsets.UTF_8)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
