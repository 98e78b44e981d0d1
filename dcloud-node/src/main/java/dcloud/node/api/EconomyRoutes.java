package dcloud.node.api;

import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.ledger.governance.Governance;
import dcloud.ledger.governance.Proposal;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.token.TokenState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read endpoints of the economy: parameters, providers, users, reputation, rewards, governance, treasury. */
final class EconomyRoutes {
    private static final int LIST_LIMIT_MAX = 1000;
    private final ChainNode chain;

    EconomyRoutes(ChainNode chain) {
        this.chain = chain;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/params", this::params);
        routes.get("/api/v1/providers", this::providers);
        routes.get("/api/v1/providers/{account}", this::provider);
        routes.get("/api/v1/users/{account}", this::user);
        routes.get("/api/v1/reputation/{account}", this::reputation);
        routes.get("/api/v1/rewards", this::rewards);
        routes.get("/api/v1/gov/proposals", this::proposals);
        routes.get("/api/v1/gov/proposals/{id}", this::proposal);
        routes.get("/api/v1/gov/delegations/{account}", this::delegation);
        routes.get("/api/v1/treasury", this::treasury);
    }

    private StateReader state() {
        return chain.store();
    }

    private static int limit(Context ctx, int fallback) {
        return Requests.limit(ctx, fallback, LIST_LIMIT_MAX);
    }

    private void params(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Param param : Param.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", param.wire_name);
            row.put("value", Params.get(state(), param));
            row.put("default", param.default_value);
            row.put("min", param.min);
            row.put("max", param.max);
            row.put("help", param.help);
            out.add(row);
        }
        ctx.json(Map.of("params", out));
    }

    private Map<String, Object> providerView(byte[] owner, Registry.Provider provider) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(owner).toText());
        out.put("name", provider.profile().name());
        out.put("legal_name", provider.profile().legalName());
        out.put("country", provider.profile().country());
        out.put("email", provider.profile().email());
        out.put("website", provider.profile().website());
        out.put("sla_uptime_bps", provider.profile().slaUptimeBps());
        out.put("description", provider.profile().description());
        out.put("registered_height", provider.registeredHeight());
        out.putAll(reputationAmount(Reputation.score(state(), owner)));
        out.put("check_in", checkInView(state(), owner));
        return out;
    }

    /** A provider's check-ins: the current reward epoch, whether it checked in for it, and the latest of this and the last epoch it did. */
    private static Map<String, Object> checkInView(StateReader state, byte[] owner) {
        long epoch = Rewards.epochState(state).epoch();
        long last = Rewards.lastCheckIn(state, owner);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epoch", epoch);
        out.put("checked_in", last == epoch);
        out.put("last_epoch", last < 0 ? null : last);
        return out;
    }

    private static Map<String, Object> reputationAmount(long units) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reputation_units", units);
        out.put("reputation", Amount.formatDct(units));
        return out;
    }

    private void providers(Context ctx) {
        String sort = ctx.queryParam("sort") == null ? "reputation" : ctx.queryParam("sort");
        if (!sort.equals("reputation") && !sort.equals("name")) {
            throw ApiError.badRequest("sort must be 'reputation' or 'name'");
        }
        int limit = limit(ctx, 100);
        List<Map<String, Object>> all = new ArrayList<>();
        state().scan(Registry.providerPrefix(), 100_000, (key, value) -> {
            byte[] owner = java.util.Arrays.copyOfRange(key, 1, key.length);
            all.add(providerView(owner, Registry.decodeProvider(value)));
            return true;
        });
        Comparator<Map<String, Object>> order = sort.equals("name")
                ? Comparator.comparing(row -> (String) row.get("name"))
                : Comparator.comparing((Map<String, Object> row) -> (Long) row.get("reputation_units")).reversed();
        all.sort(order.thenComparing(row -> (String) row.get("account")));
        ctx.json(Map.of("providers", all.subList(0, Math.min(limit, all.size()))));
    }

    private void provider(Context ctx) {
        byte[] owner = ApiServer.account(ctx.pathParam("account"), "account").owner();
        Registry.Provider provider = Registry.provider(state(), owner);
        if (provider == null) {
            throw ApiError.notFound("account " + ctx.pathParam("account") + " is not a registered provider");
        }
        ctx.json(providerView(owner, provider));
    }

    private void user(Context ctx) {
        byte[] owner = ApiServer.account(ctx.pathParam("account"), "account").owner();
        Registry.User user = Registry.user(state(), owner);
        if (user == null) {
            throw ApiError.notFound("account " + ctx.pathParam("account") + " is not a registered user");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(owner).toText());
        out.put("name", user.name());
        out.put("email", user.email());
        out.put("registered_height", user.registeredHeight());
        out.putAll(reputationAmount(Reputation.score(state(), owner)));
        ctx.json(out);
    }

    private void reputation(Context ctx) {
        byte[] owner = ApiServer.account(ctx.pathParam("account"), "account").owner();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(owner).toText());
        out.putAll(reputationAmount(Reputation.score(state(), owner)));
        List<Map<String, Object>> history = new ArrayList<>();
        for (Reputation.Event event : Reputation.history(state(), owner, limit(ctx, 50))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("height", event.height());
            row.put("delta_units", event.delta());
            row.put("delta", (event.delta() < 0 ? "-" : "+") + Amount.formatDct(Math.abs(event.delta())));
            row.put("cause", event.cause().name().toLowerCase(java.util.Locale.ROOT));
            row.put("counterparty", java.util.Arrays.equals(event.counterparty(), new byte[32]) ? null : Account.of(event.counterparty()).toText());
            row.put("reason", event.reason());
            history.add(row);
        }
        out.put("history", history);
        ctx.json(out);
    }

    private void rewards(Context ctx) {
        Rewards.EpochState current = Rewards.epochState(state());
        long length_ns = Params.get(state(), Param.EPOCH_LENGTH_S) * 1_000_000_000L;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epoch", current.epoch());
        out.put("epoch_started", current.startedNs());
        out.put("epoch_ends", current.startedNs() + length_ns);
        out.putAll(Views.amount("reward_", Rewards.rewardAt(current.epoch())));
        out.putAll(Views.amount("carry_", current.carryE9s()));
        out.putAll(Views.amount("fee_", Registry.fee(state())));
        out.put("checked_in", Rewards.checkedIn(state(), current.epoch()).stream().map(o -> Account.of(o).toText()).toList());
        long epoch = Requests.queryLong(ctx, "epoch", current.epoch() - 1);
        Rewards.Summary summary = epoch < 0 ? null : Rewards.summary(state(), epoch);
        if (summary != null) {
            Map<String, Object> closed = new LinkedHashMap<>();
            closed.put("epoch", summary.epoch());
            closed.putAll(Views.amount("reward_", summary.rewardE9s()));
            closed.putAll(Views.amount("pot_", summary.potE9s()));
            closed.putAll(Views.amount("distributed_", summary.distributedE9s()));
            closed.putAll(Views.amount("carry_out_", summary.carryOutE9s()));
            List<Map<String, Object>> shares = new ArrayList<>();
            for (Rewards.Share share : Rewards.shares(state(), epoch)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("account", Account.of(share.owner()).toText());
                row.put("weight", share.weight());
                row.putAll(Views.amount("share_", share.shareE9s()));
                shares.add(row);
            }
            closed.put("participants", shares);
            out.put("closed_epoch", closed);
        }
        ctx.json(out);
    }

    static Map<String, Object> proposalView(Proposal p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("title", p.title());
        out.put("description", p.description());
        out.put("proposer", Account.of(p.proposer()).toText());
        if (!p.param().isEmpty()) {
            out.put("param", p.param());
            out.put("value", p.value());
        }
        if (p.kind() == dcloud.ledger.tx.Propose.Kind.TREASURY_TRANSFER) {
            out.put("recipient", p.recipient().toText());
            out.putAll(Views.amount("amount_", p.value()));
        }
        out.put("created_height", p.createdHeight());
        out.put("voting_ends", p.endNs());
        out.put("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
        out.putAll(Views.amount("snapshot_supply_", p.snapshotSupplyE9s()));
        out.putAll(Views.amount("yes_", p.yesE9s()));
        out.putAll(Views.amount("no_", p.noE9s()));
        out.putAll(Views.amount("abstain_", p.abstainE9s()));
        out.put("outcome", p.outcome());
        return out;
    }

    private void proposals(Context ctx) {
        ctx.json(Map.of("proposals", Governance.list(state(), limit(ctx, 50)).stream().map(EconomyRoutes::proposalView).toList()));
    }

    private void proposal(Context ctx) {
        long id = Requests.pathLong(ctx, "id", "id");
        Proposal proposal = id < 0 ? null : Governance.proposal(state(), id);
        if (proposal == null) {
            throw ApiError.notFound("no proposal " + ctx.pathParam("id"));
        }
        ctx.json(proposalView(proposal));
    }

    private void delegation(Context ctx) {
        Account account = ApiServer.account(ctx.pathParam("account"), "account");
        byte[] delegate = Governance.delegateOf(state(), account.owner());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account.ownerAccount().toText());
        out.put("delegate", delegate == null ? null : Account.of(delegate).toText());
        ctx.json(out);
    }

    private void treasury(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Treasury.ACCOUNT.toText());
        out.putAll(Views.amount("", TokenState.balance(state(), Treasury.ACCOUNT)));
        out.put("owner_hash", Hex.encode(Treasury.ACCOUNT.owner()));
        ctx.json(out);
    }
}
