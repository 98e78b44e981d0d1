package dcloud.node.api;

import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.ledger.compute.JobResults;
import dcloud.ledger.market.Contract;
import dcloud.ledger.market.Contracts;
import dcloud.ledger.tx.Offering;
import dcloud.node.market.MarketIndex;
import dcloud.node.market.MarketSearch;
import dcloud.node.market.OfferingDoc;
import dcloud.node.market.Ranking;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Offerings, the matching engine (search with explain) and contracts. */
final class MarketRoutes {
    private static final List<String> FLAGS = List.of("vcpu", "memory", "storage", "gpu", "max_price", "min_reputation", "country",
            "region", "near", "hours", "confidential", "kind");
    private final ChainNode chain;
    private final MarketIndex index;

    MarketRoutes(ChainNode chain) {
        this.chain = chain;
        this.index = new MarketIndex(chain.store());
        chain.addListener((block, outcome, apply_ns) -> {
            long started = System.nanoTime();
            index.onChanges(chain.store(), outcome.changes());
            chain.metrics().market_index_update_ns_total.addAndGet(System.nanoTime() - started);
        });
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/market/search", this::search);
        routes.get("/api/v1/offerings", this::offerings);
        routes.get("/api/v1/offerings/{number}", this::offering);
        routes.get("/api/v1/contracts", this::contracts);
        routes.get("/api/v1/contracts/{id}", this::contract);
    }

    static Map<String, Object> offeringView(OfferingDoc doc) {
        Offering o = doc.o();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", doc.number());
        out.put("id", o.localId());
        out.put("name", o.name());
        out.put("provider", doc.providerAccount());
        out.put("provider_reputation", Amount.formatDct(doc.providerReputation()));
        out.put("product_type", o.productType());
        out.put("vcpu", o.vcpu());
        out.put("memory_gib", o.memoryGib());
        out.put("storage_type", o.storageType());
        out.put("storage_gib", o.storageGib());
        out.put("bandwidth_mbps", o.bandwidthMbps());
        out.put("traffic_gib", o.trafficGib());
        out.put("gpu_model", o.gpuModel());
        out.put("gpu_count", o.gpuCount());
        out.put("gpu_memory_gib", o.gpuMemoryGib());
        out.put("confidential", o.confidential());
        out.put("country", o.country());
        out.put("city", o.city());
        out.put("latitude", o.latitudeMicro() / 1e6);
        out.put("longitude", o.longitudeMicro() / 1e6);
        out.putAll(Views.amount("price_per_hour_", o.pricePerHourE9s()));
        out.put("min_hours", o.minHours());
        out.put("max_hours", o.maxHours());
        out.put("workload_kinds", o.workloadKinds());
        out.put("capacity", o.capacity());
        out.put("free_capacity", doc.stored().freeCapacity());
        out.put("features", o.features());
        out.put("operating_systems", o.operatingSystems());
        out.put("withdrawn", doc.stored().withdrawn());
        return out;
    }

    private void search(Context ctx) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String flag : FLAGS) {
            flags.put(flag, ctx.queryParam(flag));
        }
        MarketSearch.Request request;
        try {
            request = MarketSearch.request(flags, ctx.queryParam("q"), Requests.queryInt(ctx, "limit", 20), "true".equals(ctx.queryParam("explain")),
                    Requests.queryInt(ctx, "explain_limit", 50)).withIndex(!"false".equals(ctx.queryParam("index")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        MarketSearch.Result result = MarketSearch.run(index, request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_matched", result.totalMatched());
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Ranking.Scored scored : result.matches()) {
            Map<String, Object> row = offeringView(scored.doc());
            row.put("score", Math.round(scored.score() * 10_000) / 10_000.0);
            if (scored.distanceKm() != null) {
                row.put("distance_km", Math.round(scored.distanceKm()));
            }
            matches.add(row);
        }
        out.put("matches", matches);
        if (request.explain()) {
            Map<String, Object> explain = new LinkedHashMap<>();
            explain.put("total_rejected", result.totalRejected());
            explain.put("rejected_by_requirement", result.failuresByReason());
            List<Map<String, Object>> rejected = new ArrayList<>();
            result.failedOfferings().forEach((number, reasons) -> rejected.add(Map.of("number", number, "failed", reasons)));
            explain.put("rejected", rejected);
            out.put("explain", explain);
        }
        ctx.json(out);
    }

    private void offerings(Context ctx) {
        String provider = ctx.queryParam("provider");
        List<Map<String, Object>> out = new ArrayList<>();
        if (provider != null) {
            for (OfferingDoc doc : index.ofProvider(ApiServer.account(provider, "provider").owner())) {
                out.add(offeringView(doc));
            }
        } else {
            MarketSearch.Result all = MarketSearch.run(index, new MarketSearch.Request(List.of(), null, null, Requests.queryInt(ctx, "limit", 100), false, 0));
            all.matches().forEach(scored -> out.add(offeringView(scored.doc())));
        }
        ctx.json(Map.of("offerings", out));
    }

    private void offering(Context ctx) {
        long number = Requests.pathLong(ctx, "number", "offering number");
        OfferingDoc doc = index.get(number);
        if (doc == null) {
            throw ApiError.notFound("no offering " + ctx.pathParam("number"));
        }
        ctx.json(offeringView(doc));
    }

    private Map<String, Object> contractView(Contract c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("offering", c.offering());
        out.put("provider", Account.of(c.provider()).toText());
        out.put("developer", Account.of(c.developer()).toText());
        out.put("state", c.state().name().toLowerCase(Locale.ROOT));
        out.put("close_reason", c.closeReason() == Contract.CloseReason.NONE ? null : c.closeReason().name().toLowerCase(Locale.ROOT));
        out.putAll(Views.amount("price_per_hour_", c.pricePerHourE9s()));
        out.put("hours", c.hours());
        out.put("requested_at", c.requestedNs());
        out.put("request_deadline", c.requestDeadlineNs());
        out.put("started_at", c.startedNs() == 0 ? null : c.startedNs());
        out.put("ends_at", c.endsNs() == 0 ? null : c.endsNs());
        out.putAll(Views.amount("escrow_", c.escrowE9s()));
        out.putAll(Views.amount("paid_", c.paidE9s()));
        out.putAll(Views.amount("refunded_", c.refundedE9s()));
        out.put("request", new String(c.request(), java.nio.charset.StandardCharsets.UTF_8));
        out.put("access_key", Hex.encode(c.accessKey()));
        out.put("access_sealed", c.access().length == 0 ? null : Hex.encode(c.access()));
        out.put("note", c.note());
        byte[] result = JobResults.result(chain.store(), c.id());
        out.put("result_sha256", result == null ? null : Hex.encode(result));
        JobResults.Verdict verdict = JobResults.verdict(chain.store(), c.id());
        out.put("replica_check", verdict == null ? null
                : Map.of("agreed", verdict.agreed(), "majority_sha256", Hex.encode(verdict.majorityHash())));
        return out;
    }

    private void contracts(Context ctx) {
        String account_text = ctx.queryParam("account");
        if (account_text == null) {
            throw ApiError.badRequest("account is required: whose contracts to list");
        }
        byte[] owner = ApiServer.account(account_text, "account").owner();
        String role = ctx.queryParam("role") == null ? "any" : ctx.queryParam("role");
        List<Contract> found = new ArrayList<>();
        if (role.equals("any") || role.equals("developer")) {
            found.addAll(Contracts.list(chain.store(), Contracts.byDeveloperPrefix(owner), Requests.queryInt(ctx, "limit", 100)));
        }
        if (role.equals("any") || role.equals("provider")) {
            found.addAll(Contracts.list(chain.store(), Contracts.byProviderPrefix(owner), Requests.queryInt(ctx, "limit", 100)));
        }
        if (!List.of("any", "developer", "provider").contains(role)) {
            throw ApiError.badRequest("role must be developer, provider or any");
        }
        found.sort((a, b) -> Long.compare(b.id(), a.id()));
        ctx.json(Map.of("contracts", found.stream().map(this::contractView).toList()));
    }

    private void contract(Context ctx) {
        long id = Requests.pathLong(ctx, "id", "contract id");
        Contract contract = Contracts.get(chain.store(), id);
        if (contract == null) {
            throw ApiError.notFound("no contract " + ctx.pathParam("id"));
        }
        ctx.json(contractView(contract));
    }
}
