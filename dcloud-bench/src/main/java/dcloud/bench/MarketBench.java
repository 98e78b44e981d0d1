package dcloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Main;
import dcloud.client.NodeClient;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.PublishOffering;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TxBody;
import dcloud.node.config.KeyFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * The matcher at scale: PROVIDERS providers publish OFFERINGS offerings through the ledger on a
 * devnet node, then a fixed, seeded mix of searches runs through the HTTP API with the index and
 * again as a brute-force scan; p50/p99 of each, and the index's update cost per block.
 * Usage: MarketBench [PROVIDERS] [OFFERINGS] [QUERIES]
 */
public final class MarketBench {
    private static final String CHAIN = "dcloud-devnet";
    /** Steady state is measured: the node's JIT compiles the search path during these. */
    private static final int WARMUP_QUERIES = 600;
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "CA", "JP", "SG", "BR", "GB", "PL", "ES", "IT", "SE", "AU", "IN"};
    private static final String[] GPUS = {"H100", "A100", "L40S", "RTX4090", "MI300X"};
    private static final String[] QUERIES = {
        "vcpu=4&memory=16&max_price=0.5&country=DE,FR",
        "gpu=H100:2&region=eu&explain=false",
        "q=" + enc("price:[0.1 TO 0.5] country:(DE OR FR) gpu:H100 !stock:none"),
        "q=" + enc("type:compute vcpu:8 memory:32 kind:wasm") + "&near=52.52,13.40",
        "confidential=sev-snp&min_reputation=0&hours=24",
        "q=" + enc("type:storage storage:1000 storage_type:nvme region:na"),
    };

    public static void main(String[] args) throws Exception {
        int providers = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int offerings = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        Path home = Files.createTempDirectory("dcloud-market-bench");
        int base = 18700 + new Random().nextInt(400) * 10;
        if (Main.run("--home", home.toString(), "devnet", "up", "--base-port", String.valueOf(base), "--block-interval-ms", "250",
                "--no-fund", "--set", "mempool_txs_max=200000") != 0) {
            throw new IllegalStateException("devnet up failed");
        }
        try {
            NodeClient node = new NodeClient("http://127.0.0.1:" + base);
            KeyPair minter = KeyFile.read(home.resolve("devnet/n0/faucet_key.json"));
            long started = System.nanoTime();
            populate(node, minter, providers, offerings);
            System.out.printf("populated %d providers and %d offerings through the ledger in %.1f s%n", providers, offerings,
                    (System.nanoTime() - started) / 1e9);
            report(node, "blocks", queries);
            measure(node, "index", queries, "");
            measure(node, "brute force", queries, "&index=false");
        } finally {
            Main.run("--home", home.toString(), "devnet", "down", "--purge");
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void populate(NodeClient node, KeyPair minter, int provider_count, int offering_count) throws Exception {
        Random random = new Random(42);
        List<KeyPair> providers = new ArrayList<>();
        List<SignedTx> funding = new ArrayList<>();
        long created = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < provider_count; i++) {
            KeyPair key = KeyPair.generate(new java.security.SecureRandom());
            providers.add(key);
            funding.add(SignedTx.sign(minter, CHAIN, created + i, new Transfer(null, Account.of(key.publicKey()), 100_000_000_000L, OptionalLong.empty(), new byte[0])));
        }
        submit(node, funding);
        ProviderProfile profile = new ProviderProfile("P", "P Ltd", "DE", "p@p.example", "https://p.example", 9990, "");
        List<SignedTx> registrations = new ArrayList<>();
        for (KeyPair key : providers) {
            registrations.add(SignedTx.sign(key, CHAIN, created, new RegisterProvider(profile, false)));
        }
        submit(node, registrations);
        List<SignedTx> publications = new ArrayList<>();
        for (int i = 0; i < offering_count; i++) {
            publications.add(SignedTx.sign(providers.get(i % provider_count), CHAIN, created + i, new PublishOffering(randomOffering(random, i))));
        }
        submit(node, publications);
    }

    static Offering randomOffering(Random random, int i) {
        String type = new String[] {"compute", "compute", "gpu", "storage", "dedicated"}[random.nextInt(5)];
        boolean gpu = type.equals("gpu");
        int vcpu = type.equals("storage") ? 0 : 1 << random.nextInt(7);
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        return new Offering("o" + i, "offering " + i, type, vcpu, type.equals("storage") ? 0 : vcpu * 4L, random.nextBoolean() ? "nvme" : "ssd",
                100L * (1 + random.nextInt(50)), 1000, 0, gpu ? GPUS[random.nextInt(GPUS.length)] : "", gpu ? 1 + random.nextInt(8) : 0,
                gpu ? 80 : 0, new String[] {"none", "none", "sev-snp", "tdx"}[random.nextInt(4)], country, "", (random.nextInt(180) - 90) * 1_000_000L,
                (random.nextInt(360) - 180) * 1_000_000L, 10_000_000L * (1 + random.nextInt(100)), 1, 720,
                random.nextBoolean() ? List.of("vm", "container") : List.of("wasm", "process"), 1 + random.nextInt(10), List.of(), List.of("ubuntu-24.04"));
    }

    private static void submit(NodeClient node, List<SignedTx> txs) throws Exception {
        for (int from = 0; from < txs.size(); from += 1_000) {
            List<String> batch = new ArrayList<>();
            for (SignedTx tx : txs.subList(from, Math.min(txs.size(), from + 1_000))) {
                batch.add(Hex.encode(tx.bytes()));
            }
            JsonNode results = node.post("/api/v1/txs?wait=true&timeout_ms=60000", Map.of("txs", batch)).path("results");
            for (JsonNode result : results) {
                if (!result.path("status").asText().equals("committed")) {
                    throw new IllegalStateException("population tx not committed: " + result);
                }
            }
        }
    }

    private static void report(NodeClient node, String label, int queries) throws Exception {
        String metrics = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(node.baseUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        double index_s = value(metrics, "dcloud_market_index_update_seconds_total");
        double blocks = value(metrics, "dcloud_blocks_applied_total");
        double apply_s = value(metrics, "dcloud_block_apply_seconds_total");
        System.out.printf("index update: %.3f ms per block on average over %.0f blocks (block apply %.3f ms per block)%n",
                index_s * 1000 / blocks, blocks, apply_s * 1000 / blocks);
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(0);
    }

    private static void measure(NodeClient node, String label, int queries, String suffix) throws Exception {
        for (int i = 0; i < WARMUP_QUERIES; i++) {
            node.get("/api/v1/market/search?" + QUERIES[i % QUERIES.length] + suffix);
        }
        List<Long> micros = new ArrayList<>();
        List<List<Long>> per_query = new ArrayList<>();
        for (int q = 0; q < QUERIES.length; q++) {
            per_query.add(new ArrayList<>());
        }
        long matched = 0;
        for (int i = 0; i < queries; i++) {
            long started = System.nanoTime();
            JsonNode result = node.get("/api/v1/market/search?" + QUERIES[i % QUERIES.length] + suffix);
            long took = (System.nanoTime() - started) / 1_000;
            micros.add(took);
            per_query.get(i % QUERIES.length).add(took);
            matched += result.path("total_matched").asLong();
        }
        for (int q = 0; q < QUERIES.length; q++) {
            List<Long> times = per_query.get(q);
            Collections.sort(times);
            System.out.printf("    %-12s p50 %6.2f ms  p99 %6.2f ms  %s%n", label, times.get(times.size() / 2) / 1000.0,
                    times.get((int) (times.size() * 0.99)) / 1000.0, java.net.URLDecoder.decode(QUERIES[q], StandardCharsets.UTF_8));
        }
        Collections.sort(micros);
        System.out.printf("%-12s %d queries: p50 %.2f ms, p99 %.2f ms (mean matches %d)%n", label, queries, micros.get(queries / 2) / 1000.0,
                micros.get((int) (queries * 0.99)) / 1000.0, matched / queries);
    }
}
