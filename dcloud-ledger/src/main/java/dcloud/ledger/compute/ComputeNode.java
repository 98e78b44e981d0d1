package dcloud.ledger.compute;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider's compute agent as the ledger knows it: where developers upload workloads, the ingress
 * domain, the kinds it probed as runnable, and its record of replica checks
 * ({@code resultsAgreed}, {@code resultsDisagreed}).
 */
public record ComputeNode(byte[] owner, String agentUrl, String ingressDomain, List<String> kinds, long resultsAgreed,
                          long resultsDisagreed, long registeredHeight) {
    public ComputeNode {
        kinds = List.copyOf(kinds);
    }

    ComputeNode withChecks(long agreed, long disagreed) {
        return new ComputeNode(owner, agentUrl, ingressDomain, kinds, agreed, disagreed, registeredHeight);
    }

    byte[] encode() {
        Writer w = new Writer().fixed(owner).string(agentUrl).string(ingressDomain).u32(kinds.size());
        kinds.forEach(w::string);
        return w.u64(resultsAgreed).u64(resultsDisagreed).u64(registeredHeight).toBytes();
    }

    static ComputeNode decode(byte[] bytes) {
        try {
            Reader r = new Reader(bytes);
            byte[] owner = r.fixed(32, "owner");
            String url = r.string(1024, "agent_url");
            String domain = r.string(1024, "ingress_domain");
            long count = r.u32("kinds.count");
            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < count && i < 64; i++) {
                kinds.add(r.string(64, "kind"));
            }
            ComputeNode node = new ComputeNode(owner, url, domain, kinds, r.u64("agreed"), r.u64("disagreed"), r.u64("registered_height"));
            r.end("compute node");
            return node;
        } catch (DecodeException e) {
            throw new IllegalStateException("stored compute node is corrupt: " + e.getMessage(), e);
        }
    }
}
