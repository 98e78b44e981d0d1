package dcloud.node.market;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search: requirements from flags (vcpu, memory, storage, gpu MODEL[:N], max_price, min_reputation,
 * country, region, near LAT,LON, hours, confidential, kind) plus the query language, ranked by
 * {@link Ranking}; with explain, every non-matching offering with the requirements it failed and
 * the number of offerings failing each requirement ("why no match?").
 */
public final class MarketSearch {
    public static final int LIMIT_MAX = 1000;

    /** {@code useIndex} false scans every offering: the brute-force baseline the benchmark compares against. */
    public record Request(List<Requirement> requirements, Long nearLatMicro, Long nearLonMicro, int limit, boolean explain, int explainLimit,
                          boolean useIndex) {
        public Request(List<Requirement> requirements, Long nearLatMicro, Long nearLonMicro, int limit, boolean explain, int explainLimit) {
            this(requirements, nearLatMicro, nearLonMicro, limit, explain, explainLimit, true);
        }

        public Request withIndex(boolean use) {
            return new Request(requirements, nearLatMicro, nearLonMicro, limit, explain, explainLimit, use);
        }
    }

    public record Result(List<Ranking.Scored> matches, int totalMatched, Map<String, Integer> failuresByReason,
                         Map<Long, List<String>> failedOfferings, int totalRejected) {}

    private MarketSearch() {}

    /** Builds a request from flag values (null = not given) and a query string; throws IllegalArgumentException naming the flag. */
    public static Request request(Map<String, String> flags, String query, int limit, boolean explain, int explain_limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + LIMIT_MAX);
        }
        List<Requirement> requirements = new ArrayList<>();
        Long lat = null;
        Long lon = null;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String value = flag.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            switch (flag.getKey()) {
                case "vcpu", "memory", "storage", "hours", "kind", "confidential", "country", "region" ->
                        requirements.add(QueryParser.requirement(flag.getKey(), value));
                case "max_price" -> requirements.add(QueryParser.requirement("price", value));
                case "min_reputation" -> requirements.add(QueryParser.requirement("reputation", value));
                case "gpu" -> {
                    String[] parts = value.split(":", 2);
                    requirements.add(QueryParser.requirement("gpu", parts[0]));
                    if (parts.length == 2) {
                        requirements.add(QueryParser.requirement("gpus", parts[1]));
                    }
                }
                case "near" -> {
                    String[] parts = value.split(",");
                    try {
                        lat = Math.round(Double.parseDouble(parts[0]) * 1e6);
                        lon = Math.round(Double.parseDouble(parts[1]) * 1e6);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("near must be LAT,LON in degrees, e.g. 52.52,13.40");
                    }
                }
                default -> throw new IllegalArgumentException("unknown search flag '" + flag.getKey() + "'");
            }
        }
        if (query != null && !query.isBlank()) {
            requirements.addAll(QueryParser.parse(query));
        }
        return new Request(requirements, lat, lon, limit, explain, explain_limit);
    }

    public static Result run(MarketIndex index, Request request) {
        List<Ranking.Scored> ranked;
        int total;
        if (request.useIndex()) {
            MarketIndex.Top top = index.top(request.requirements(), request.nearLatMicro(), request.nearLonMicro(), request.limit());
            ranked = top.best();
            total = top.total();
        } else {
            List<OfferingDoc> matches = index.matching(request.requirements(), false);
            ranked = Ranking.top(matches, request.nearLatMicro(), request.nearLonMicro(), request.limit());
            total = matches.size();
        }
        Map<String, Integer> by_reason = new LinkedHashMap<>();
        Map<Long, List<String>> failed = new LinkedHashMap<>();
        int rejected = 0;
        if (request.explain()) {
            for (Requirement requirement : request.requirements()) {
                by_reason.put(requirement.reason(), 0);
            }
            for (Map.Entry<Long, List<String>> entry : index.failures(request.requirements()).entrySet()) {
                rejected++;
                entry.getValue().forEach(reason -> by_reason.merge(reason, 1, Integer::sum));
                if (failed.size() < request.explainLimit()) {
                    failed.put(entry.getKey(), entry.getValue());
                }
            }
        }
        return new Result(ranked, total, by_reason, failed, rejected);
    }
}
