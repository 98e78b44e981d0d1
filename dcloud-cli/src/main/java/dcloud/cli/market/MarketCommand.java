package dcloud.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Cli;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** dcloud market search: flags, a query, ranking, and --explain for "why no match?". */
@Command(name = "market", description = "Find offerings that fit your needs.", subcommands = {MarketCommand.Search.class})
public final class MarketCommand {
    @Command(name = "search", description = "Search offerings. QUERY example: price:[0.1 TO 0.5] country:(DE OR FR) gpu:H100 !stock:none")
    static final class Search implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "QUERY", arity = "0..*", description = "query terms (field:value, field:[a TO b], field:(a OR b), !negation)") java.util.List<String> query;
        @Option(names = "--vcpu") String vcpu;
        @Option(names = "--memory", description = "GiB") String memory;
        @Option(names = "--storage", description = "GiB") String storage;
        @Option(names = "--gpu", description = "MODEL[:COUNT], e.g. H100:2") String gpu;
        @Option(names = "--max-price", description = "DCT per hour") String max_price;
        @Option(names = "--min-reputation") String min_reputation;
        @Option(names = "--country", description = "codes, comma-separated") String country;
        @Option(names = "--region", description = "eu, na, sa, apac, me, africa") String region;
        @Option(names = "--near", description = "LAT,LON: rank closer offerings higher") String near;
        @Option(names = "--hours", description = "the contract length you want") String hours;
        @Option(names = "--confidential", description = "sev-snp or tdx") String confidential;
        @Option(names = "--kind", description = "workload kind, e.g. vm, wasm, process") String kind;
        @Option(names = "--explain", description = "also say, for every offering that did not match, which requirement it failed") boolean explain;
        @Option(names = "--limit", defaultValue = "20") int limit;

        @Override
        public Integer call() throws Exception {
            Cli cli = Cli.of(spec);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("vcpu", vcpu);
            params.put("memory", memory);
            params.put("storage", storage);
            params.put("gpu", gpu);
            params.put("max_price", max_price);
            params.put("min_reputation", min_reputation);
            params.put("country", country);
            params.put("region", region);
            params.put("near", near);
            params.put("hours", hours);
            params.put("confidential", confidential);
            params.put("kind", kind);
            params.put("q", query == null ? null : String.join(" ", query));
            params.put("limit", String.valueOf(limit));
            params.put("explain", String.valueOf(explain));
            StringBuilder url = new StringBuilder("/api/v1/market/search?");
            params.forEach((key, value) -> {
                if (value != null) {
                    url.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
                }
            });
            JsonNode result = cli.node().get(url.toString());
            StringBuilder human = new StringBuilder(result.path("total_matched").asInt() + " matching offerings");
            for (JsonNode o : result.path("matches")) {
                human.append("\n").append(String.format("%.3f ", o.path("score").asDouble())).append(OfferingCommand.describe(o));
            }
            if (explain) {
                JsonNode e = result.path("explain");
                human.append("\n\n").append(e.path("total_rejected").asInt()).append(" offerings did not match; by requirement:");
                e.path("rejected_by_requirement").fields().forEachRemaining(f -> human.append(String.format("%n  %6d  %s", f.getValue().asInt(), f.getKey())));
                for (JsonNode r : e.path("rejected")) {
                    human.append("\n  #").append(r.path("number").asText()).append(" failed: ").append(r.path("failed"));
                }
            }
            cli.print(result, human.toString());
            return 0;
        }
    }
}
