package dcloud.node.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.compute.agent.ComputeLedger;
import dcloud.compute.agent.LeasedContract;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.TxBody;
import dcloud.node.provider.LedgerLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's view of the ledger, over the validators' HTTP API (with failover) and signed by the provider key. */
final class LedgerComputePort implements ComputeLedger {
    private static final int CONTRACTS_LIMIT = 500;
    private final LedgerLink link;
    private final String self;
    private final ConcurrentHashMap<Long, List<String>> offering_kinds = new ConcurrentHashMap<>();

    LedgerComputePort(LedgerLink link) {
        this.link = link;
        this.self = Account.of(link.key().publicKey()).toText();
    }

    @Override
    public List<LeasedContract> openContracts() throws IOException {
        JsonNode list = get("/api/v1/contracts?role=provider&limit=" + CONTRACTS_LIMIT + "&account=" + self);
        List<LeasedContract> out = new ArrayList<>();
        for (JsonNode c : list.path("contracts")) {
            LeasedContract contract = view(c);
            if (contract.state() != LeasedContract.State.CLOSED) {
                out.add(contract);
            }
        }
        return out;
    }

    @Override
    public LeasedContract contract(long id) throws IOException {
        try {
            JsonNode c = link.get("/api/v1/contracts/" + id);
            return c.path("provider").asText().equals(self) ? view(c) : null;
        } catch (ApiException e) {
            if (e.http_status == 404) {
                return null;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private LeasedContract view(JsonNode c) throws IOException {
        long offering = c.path("offering").asLong();
        return new LeasedContract(c.path("id").asLong(), offering, LeasedContract.State.valueOf(c.path("state").asText().toUpperCase(Locale.ROOT)),
                Account.parse(c.path("developer").asText()).owner(), Hex.decode(c.path("access_key").asText()),
                c.path("request").asText().getBytes(StandardCharsets.UTF_8), kinds(offering));
    }

    private List<String> kinds(long offering) throws IOException {
        List<String> known = offering_kinds.get(offering);
        if (known != null) {
            return known;
        }
        List<String> kinds = new ArrayList<>();
        get("/api/v1/offerings/" + offering).path("workload_kinds").forEach(k -> kinds.add(k.asText()));
        offering_kinds.put(offering, List.copyOf(kinds));
        return kinds;
    }

    @Override
    public void accept(long contract) throws IOException {
        submit(ContractAction.of(ContractAction.Action.ACCEPT, contract));
    }

    @Override
    public void reject(long contract, String reason) throws IOException {
        String bounded = reason.length() > 200 ? reason.substring(0, 200) : reason;
        submit(new ContractAction(ContractAction.Action.REJECT, contract, 0, bounded, new byte[0]));
    }

    @Override
    public void postAccess(long contract, byte[] sealed) throws IOException {
        submit(new ContractAction(ContractAction.Action.POST_ACCESS, contract, 0, "", sealed));
    }

    @Override
    public void postResult(long contract, byte[] sha256) throws IOException {
        submit(new ContractAction(ContractAction.Action.POST_RESULT, contract, 0, "", sha256));
    }

    private JsonNode get(String path) throws IOException {
        try {
            return link.get(path);
        } catch (ApiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void submit(TxBody body) throws IOException {
        try {
            JsonNode answer = link.submit(body);
            if (!answer.path("status").asText().equals("committed")) {
                throw new IOException("ledger refused " + body.kind().wireName() + ": " + answer);
            }
        } catch (ApiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
