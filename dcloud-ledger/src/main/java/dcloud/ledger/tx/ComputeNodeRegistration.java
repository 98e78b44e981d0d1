package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;

/**
 * A registered provider announces (or updates) its compute agent: the HTTP URL developers upload
 * workloads to and fetch logs and results from, and the domain its ingress routes by
 * ({@code <contract-id>.<domain>}), plus the workload kinds the agent probed as runnable.
 */
public record ComputeNodeRegistration(String agentUrl, String ingressDomain, java.util.List<String> kinds) implements TxBody {
    public static final int URL_SIZE_BYTES_MAX = 200;
    public static final int DOMAIN_SIZE_BYTES_MAX = 128;
    public static final int KINDS_MAX = 8;

    public ComputeNodeRegistration {
        kinds = java.util.List.copyOf(kinds);
    }

    @Override
    public TxKind kind() {
        return TxKind.REGISTER_COMPUTE_NODE;
    }

    @Override
    public void encode(Writer writer) {
        writer.string(agentUrl).string(ingressDomain).u32(kinds.size());
        kinds.forEach(writer::string);
    }

    static ComputeNodeRegistration decode(Reader reader) throws DecodeException {
        String url = reader.string(URL_SIZE_BYTES_MAX, "agent_url");
        String domain = reader.string(DOMAIN_SIZE_BYTES_MAX, "ingress_domain");
        long count = reader.u32("kinds.count");
        if (count > KINDS_MAX) {
            throw new DecodeException("kinds: at most " + KINDS_MAX + " entries");
        }
        java.util.List<String> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            kinds.add(reader.string(32, "kinds[" + i + "]"));
        }
        return new ComputeNodeRegistration(url, domain, kinds);
    }
}
