package dcloud.node.api;

import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.compute.ComputeNode;
import dcloud.ledger.compute.ComputeNodes;
import dcloud.ledger.reputation.Reputation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Compute agents as registered on the ledger: where developers upload workloads, and their replica-check record. */
final class ComputeRoutes {
    private final ChainNode chain;

    ComputeRoutes(ChainNode chain) {
        this.chain = chain;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/compute/nodes", ctx -> ctx.json(Map.of("nodes",
                ComputeNodes.list(chain.store()).stream().map(this::nodeView).toList())));
        routes.get("/api/v1/compute/nodes/{account}", this::node);
    }

    private Map<String, Object> nodeView(ComputeNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(n.owner()).toText());
        out.put("agent_url", n.agentUrl());
        out.put("ingress_domain", n.ingressDomain());
        out.put("kinds", n.kinds());
        out.put("results_agreed", n.resultsAgreed());
        out.put("results_disagreed", n.resultsDisagreed());
        out.put("registered_height", n.registeredHeight());
        out.put("reputation", Amount.formatDct(Reputation.score(chain.store(), n.owner())));
        return out;
    }

    private void node(Context ctx) {
        Account account = ApiServer.account(ctx.pathParam("account"), "account");
        ComputeNode node = ComputeNodes.get(chain.store(), account.owner());
        if (node == null) {
            throw ApiError.notFound(account + " has no registered compute agent");
        }
        ctx.json(nodeView(node));
    }
}
