package dcloud.compute.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.compute.ingress.IngressRouter;
import dcloud.compute.provision.WorkloadAddress;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The endpoints a developer gets for a contract, as the JSON the agent seals and posts on-ledger. */
final class AccessDetails {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessDetails() {}

    static byte[] json(long contract, WorkloadRecord record, WorkloadAddress address, AgentSettings settings, IngressRouter router)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", record.kind());
        String name = contract + "." + router.config().domain();
        if (address != null && address.httpsPort() != 0) {
            out.put("https", "https://" + name + ":" + router.httpsPort() + "/");
        }
        if (address != null && address.httpPort() != 0) {
            out.put("http", "http://" + name + ":" + router.httpPort() + "/");
        }
        if (!record.forwards().isEmpty()) {
            Map<String, String> tcp = new LinkedHashMap<>();
            record.forwards().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> tcp.put(Integer.toString(e.getKey()), settings.publicHost() + ":" + e.getValue()));
            out.put("tcp", tcp);
        }
        out.put("ingress_host", settings.publicHost());
        out.put("agent", settings.agentUrl());
        return JSON.writeValueAsBytes(out);
    }
}
