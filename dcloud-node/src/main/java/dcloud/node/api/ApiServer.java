package dcloud.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.chain.Admission;
import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.block.Block;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.store.TxRecord;
import dcloud.ledger.token.TokenRules;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.SignedTx;
import dcloud.node.config.Json;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's HTTP API under /api/v1 (see openapi.yaml), plus /metrics. JSON in, JSON out. */
public final class ApiServer implements AutoCloseable {
    private static final int HISTORY_LIMIT_MAX = 1000;
    private final ChainNode chain;
    private final Submitter submitter;
    private final Faucet faucet;
    private final long commit_wait_ms_max;
    private final Javalin app;

    public ApiServer(ChainNode chain, KeyPair faucet_key, String host, int port, int request_size_bytes_max, long commit_wait_ms_max) {
        this.chain = chain;
        this.submitter = new Submitter(chain);
        this.faucet = chain.genesis().isDevnet() && faucet_key != null ? new Faucet(chain, faucet_key, submitter) : null;
        this.commit_wait_ms_max = commit_wait_ms_max;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = request_size_bytes_max;
            config.http.defaultContentType = ContentType.JSON;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jsonMapper(new JavalinJackson(Json.MAPPER.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT), true));
            config.routes.get("/api/v1/status", this::status);
            config.routes.get("/api/v1/token", this::token);
            config.routes.post("/api/v1/tx", this::submitOne);
            config.routes.post("/api/v1/txs", this::submitBatch);
            config.routes.get("/api/v1/txs/{hash}", this::tx);
            config.routes.get("/api/v1/blocks/{height}", this::block);
            config.routes.get("/api/v1/accounts/{account}/balance", this::balance);
            config.routes.get("/api/v1/accounts/{account}/history", this::history);
            config.routes.get("/api/v1/allowances/{owner}/{spender}", this::allowance);
            config.routes.post("/api/v1/faucet", this::faucet);
            new EconomyRoutes(chain).register(config.routes);
            new MarketRoutes(chain).register(config.routes);
            new StorageRoutes(chain).register(config.routes);
            new ComputeRoutes(chain).register(config.routes);
            config.routes.get("/api/v1/openapi.yaml", ctx -> ctx.contentType("application/yaml")
                    .result(ApiServer.class.getResourceAsStream("/openapi.yaml")));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(Metrics.render(chain)));
            config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.http_status).json(error(e.code, e.getMessage())));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ctx.status(e.getStatus()).json(error(e.getStatus() == 413 ? "too_large" : "http_" + e.getStatus(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).json(error("internal", e.toString())));
        }).start();
    }

    public int port() {
        return app.port();
    }

    /** Admits a tx this node signed itself (check-ins), forwarding to the leader like any submission. */
    public Admission submit(SignedTx tx) {
        return submitter.admit(List.of(tx)).get(0);
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return Map.of("error", error);
    }

    private void status(Context ctx) {
        ChainHead head = chain.store().head();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain_id", chain.genesis().chainId());
        out.put("network", chain.genesis().network());
        out.put("node_id", chain.consensus().selfId());
        out.put("height", head.height());
        out.put("last_block_hash", head.blockHashHex());
        out.put("state_hash", head.stateHashHex());
        out.put("last_block_time", head.timestampNs());
        out.put("validators", chain.peers().stream().map(peer -> Map.of("id", peer.id(), "api_url", peer.apiUrl())).toList());
        out.put("leader", chain.consensus().leaderId());
        out.put("role", chain.consensus().isLeaderReady() ? "leader" : "follower");
        out.put("mempool_size", chain.mempool().size());
        out.put("faucet", faucet != null);
        ctx.json(out);
    }

    private void token(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", TokenRules.NAME);
        out.put("symbol", TokenRules.SYMBOL);
        out.put("decimals", TokenRules.DECIMALS);
        out.putAll(Views.amount("fee_", TokenState.fee(chain.store())));
        out.putAll(Views.amount("total_supply_", TokenState.totalSupply(chain.store())));
        out.putAll(Views.amount("minted_", TokenState.minted(chain.store())));
        out.putAll(Views.amount("burned_", TokenState.burned(chain.store())));
        out.putAll(Views.amount("supply_cap_", TokenRules.SUPPLY_CAP_E9S));
        out.put("minting_account", chain.genesis().mintingAccount().toText());
        ctx.json(out);
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode node = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("body cannot be read: " + e.getMessage());
        }
    }

    private long waitMs(Context ctx, boolean default_wait) {
        String wait = ctx.queryParam("wait");
        boolean waiting = wait == null ? default_wait : Boolean.parseBoolean(wait);
        if (!waiting) {
            return 0;
        }
        long ms = Requests.queryLong(ctx, "timeout_ms", commit_wait_ms_max);
        return Math.max(1, Math.min(ms, commit_wait_ms_max));
    }

    private void submitOne(Context ctx) {
        JsonNode body = body(ctx);
        SignedTx tx = Submitter.decode(body.path("tx").isTextual() ? body.get("tx").asText() : null, "tx");
        Admission admission = submitter.admit(List.of(tx)).get(0);
        long wait_ms = waitMs(ctx, true);
        Map<String, Object> out = submitter.await(tx, admission, wait_ms > 0, wait_ms);
        ctx.status(statusOf(admission)).json(out);
    }

    private void submitBatch(Context ctx) {
        List<String> hexes = Submitter.txList(body(ctx));
        List<SignedTx> txs = new ArrayList<>(hexes.size());
        for (int i = 0; i < hexes.size(); i++) {
            txs.add(Submitter.decode(hexes.get(i), "txs[" + i + "]"));
        }
        List<Admission> admissions = submitter.admit(txs);
        long wait_ms = waitMs(ctx, false);
        boolean all_busy = !admissions.isEmpty() && admissions.stream().allMatch(a -> a.status() == Admission.Status.BUSY);
        ctx.status(all_busy ? 503 : 200).json(Map.of("results", submitter.awaitAll(txs, admissions, wait_ms > 0, wait_ms)));
    }

    private static int statusOf(Admission admission) {
        return switch (admission.status()) {
            case BUSY -> 503;
            case INVALID -> 400;
            default -> 200;
        };
    }

    /**
     * One transaction by hash. With {@code wait_ms} the request waits (at most the node's commit
     * wait) for the transaction to commit instead of answering 404 at once, so a client learns of
     * its commit when the block lands, with one request instead of a poll every few milliseconds.
     */
    private void tx(Context ctx) {
        byte[] hash = hash(ctx.pathParam("hash"));
        long wait_ms = Requests.queryLong(ctx, "wait_ms", 0);
        if (wait_ms < 0) {
            throw ApiError.badRequest("wait_ms must be 0 or more (milliseconds to wait for the commit)");
        }
        TxRecord record = wait_ms == 0 ? chain.store().tx(hash)
                : chain.awaitCommit(hash, Math.min(wait_ms, commit_wait_ms_max)).exceptionally(busy -> null).join();
        if (record == null) {
            String waited = wait_ms == 0 ? "" : " (waited up to " + Math.min(wait_ms, commit_wait_ms_max) + " ms)";
            throw ApiError.notFound("no committed transaction with hash " + ctx.pathParam("hash") + waited);
        }
        Block block = decodeStored(chain.store().block(record.height()));
        ctx.json(Views.tx(block.txs().get(record.index()), record));
    }

    private void block(Context ctx) {
        String text = ctx.pathParam("height");
        long height;
        try {
            height = text.equals("latest") ? chain.store().head().height() : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("height must be a non-negative integer or 'latest'");
        }
        byte[] bytes = height <= 0 ? null : chain.store().block(height);
        if (bytes == null) {
            throw ApiError.notFound("no block at height " + text + " (head is " + chain.store().head().height() + "; height 0 is genesis)");
        }
        Block block = decodeStored(bytes);
        List<TxRecord> records = new ArrayList<>();
        for (int i = 0; i < block.txs().size(); i++) {
            TxRecord record = chain.store().tx(block.txs().get(i).hash());
            boolean here = record != null && record.height() == height && record.index() == i;
            records.add(here ? record : new TxRecord(height, i, new dcloud.ledger.tx.TxResult(dcloud.ledger.tx.TxStatus.DUPLICATE,
                    "duplicate of a transaction applied at height " + (record == null ? -1 : record.height()), record == null ? -1 : record.height())));
        }
        ctx.json(Views.block(block, records));
    }

    private void balance(Context ctx) {
        Account account = account(ctx.pathParam("account"), "account");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account.toText());
        out.putAll(Views.amount("", TokenState.balance(chain.store(), account)));
        out.put("height", chain.store().head().height());
        ctx.json(out);
    }

    private void history(Context ctx) {
        Account account = account(ctx.pathParam("account"), "account");
        int limit = Requests.limit(ctx, 100, HISTORY_LIMIT_MAX);
        List<Map<String, Object>> txs = new ArrayList<>();
        for (byte[] hash : chain.store().history(account, limit)) {
            TxRecord record = chain.store().tx(hash);
            txs.add(Views.tx(decodeStored(chain.store().block(record.height())).txs().get(record.index()), record));
        }
        ctx.json(Map.of("account", account.toText(), "txs", txs));
    }

    private void allowance(Context ctx) {
        Account owner = account(ctx.pathParam("owner"), "owner");
        Account spender = account(ctx.pathParam("spender"), "spender");
        TokenState.Allowance stored = TokenState.allowance(chain.store(), owner, spender);
        long now = chain.store().head().timestampNs();
        boolean expired = stored.expiresAtNs() != 0 && stored.expiresAtNs() <= now;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("owner", owner.toText());
        out.put("spender", spender.toText());
        out.putAll(Views.amount("allowance_", expired ? 0 : stored.amount()));
        out.put("expires_at", expired || stored.expiresAtNs() == 0 ? null : stored.expiresAtNs());
        ctx.json(out);
    }

    private void faucet(Context ctx) {
        if (faucet == null) {
            throw ApiError.notFound("the faucet exists only on devnets (this is '" + chain.genesis().network() + "' or has no faucet key)");
        }
        ctx.json(faucet.handle(body(ctx), commit_wait_ms_max));
    }

    static Account account(String text, String field) {
        try {
            return Account.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field + ": " + e.getMessage());
        }
    }

    private static byte[] hash(String text) {
        return Requests.hex32(text, "hash");
    }

    private static Block decodeStored(byte[] bytes) {
        try {
            return Block.decode(bytes);
        } catch (DecodeException e) {
            throw new IllegalStateException("stored block is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
