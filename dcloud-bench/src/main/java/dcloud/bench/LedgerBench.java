package dcloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.Main;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed transfers per second through the HTTP API of a real devnet (separate node processes),
 * with submit-to-commit latency, next to the Ed25519 verify rate measured in the same run.
 * Usage: LedgerBench VALIDATORS TXS [CLIENTS] [BATCH]
 */
public final class LedgerBench {
    private static final String CHAIN = "dcloud-devnet";
    private static final int SENDERS = 200;

    public static void main(String[] args) throws Exception {
        int validators = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int tx_count = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        System.out.printf("ed25519 verify, 1 thread:  %.0f/s%n", VerifyRate.measure(1));
        System.out.printf("ed25519 verify, 2 threads: %.0f/s%n", VerifyRate.measure(2));
        Path home = Files.createTempDirectory("dcloud-bench");
        int base = 17700 + new SecureRandom().nextInt(500) * 10;
        if (Main.run("--home", home.toString(), "devnet", "up", "--validators", String.valueOf(validators), "--base-port",
                String.valueOf(base), "--block-interval-ms", "250", "--no-fund") != 0) {
            throw new IllegalStateException("devnet up failed");
        }
        try {
            run(new NodeClient("http://127.0.0.1:" + base), validators, tx_count, clients, batch);
        } finally {
            Main.run("--home", home.toString(), "devnet", "down", "--purge");
        }
    }

    private static void run(NodeClient node, int validators, int tx_count, int clients, int batch) throws Exception {
        SecureRandom random = new SecureRandom();
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            KeyPair key = KeyPair.generate(random);
            senders.add(key);
            node.faucet(Account.of(key.publicKey()).toText(), "1000");
        }
        Account sink = Account.of(KeyPair.generate(random).publicKey());
        List<String> signed = new ArrayList<>(tx_count);
        long created = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < tx_count; i++) {
            SignedTx tx = SignedTx.sign(senders.get(i % SENDERS), CHAIN, created + i, new Transfer(null, sink, 1 + i % 1000, OptionalLong.empty(), new byte[0]));
            signed.add(Hex.encode(tx.bytes()));
        }
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < tx_count; i += batch) {
            batches.add(signed.subList(i, Math.min(tx_count, i + batch)));
        }
        List<Long> latencies_ms = Collections.synchronizedList(new ArrayList<>());
        AtomicLong committed = new AtomicLong();
        AtomicLong busy_retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int b = client; b < batches.size(); b += clients) {
                    submitBatch(node, batches.get(b), latencies_ms, committed, busy_retries);
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Collections.sort(latencies_ms);
        System.out.printf("validators=%d txs=%d committed=%d clients=%d batch=%d busy_retries=%d%n",
                validators, tx_count, committed.get(), clients, batch, busy_retries.get());
        System.out.printf("throughput: %.0f tx/s (%.1f s)%n", committed.get() / seconds, seconds);
        System.out.printf("submit-to-commit latency per batch: p50 %d ms, p99 %d ms%n",
                latencies_ms.get(latencies_ms.size() / 2), latencies_ms.get((int) (latencies_ms.size() * 0.99)));
    }

    private static void submitBatch(NodeClient node, List<String> txs, List<Long> latencies_ms, AtomicLong committed, AtomicLong busy_retries)
            throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            long started = System.nanoTime();
            JsonNode response;
            try {
                response = node.post("/api/v1/txs?wait=true&timeout_ms=30000", Map.of("txs", txs));
            } catch (ApiException busy) {
                busy_retries.incrementAndGet();
                Thread.sleep(50);
                continue;
            }
            int ok = 0;
            for (JsonNode result : response.path("results")) {
                ok += result.path("status").asText().equals("committed") ? 1 : 0;
            }
            if (ok == 0 && response.path("results").size() > 0 && response.path("results").get(0).path("status").asText().equals("rejected")) {
                busy_retries.incrementAndGet();
                Thread.sleep(50);
                continue;
            }
            latencies_ms.add((System.nanoTime() - started) / 1_000_000L);
            committed.addAndGet(ok);
            return;
        }
        throw new IllegalStateException("a batch was refused 100 times");
    }
}
