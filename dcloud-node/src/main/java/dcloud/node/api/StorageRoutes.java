package dcloud.node.api;

import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.bytes.Hex;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.storage.Segment;
import dcloud.ledger.storage.StorageContract;
import dcloud.ledger.storage.StorageContracts;
import dcloud.ledger.storage.StorageNode;
import dcloud.ledger.storage.StorageNodes;
import dcloud.ledger.storage.StorageProofs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Storage nodes, storage contracts, segments (with each piece's health), the proof epoch and index pointers. */
final class StorageRoutes {
    private static final int CONTRACTS_LIMIT_MAX = 10_000;
    private final ChainNode chain;

    StorageRoutes(ChainNode chain) {
        this.chain = chain;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/storage/nodes", ctx -> ctx.json(Map.of("nodes",
                StorageNodes.list(chain.store()).stream().map(this::nodeView).toList())));
        routes.get("/api/v1/storage/nodes/{account}", this::node);
        routes.get("/api/v1/storage/contracts", this::contracts);
        routes.get("/api/v1/storage/contracts/{id}", this::contract);
        routes.get("/api/v1/storage/segments/{id}", this::segment);
        routes.get("/api/v1/storage/epoch", this::epoch);
        routes.get("/api/v1/storage/pointers/{account}", this::pointer);
    }

    private Map<String, Object> nodeView(StorageNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(n.owner()).toText());
        out.put("endpoint", n.endpoint());
        out.put("capacity_bytes", n.capacityBytes());
        out.put("used_bytes", n.usedBytes());
        out.put("free_bytes", n.freeBytes());
        out.put("price_per_gib_epoch_e9s", n.pricePerGibEpochE9s());
        out.put("egress_price_per_gib_e9s", n.egressPricePerGibE9s());
        out.put("proofs_total", n.proofsTotal());
        out.put("fails_total", n.failsTotal());
        out.put("fails_consecutive", n.failsConsecutive());
        out.put("disqualified", n.disqualified());
        out.put("contracts_due", n.contractsDue());
        out.put("contracts_proven", n.contractsProven());
        out.put("reputation", Amount.formatDct(Reputation.score(chain.store(), n.owner())));
        out.put("reputation_units", Reputation.score(chain.store(), n.owner()));
        // Its provider checked in this reward epoch or the last: the node's process was alive lately.
        out.put("checked_in_recently", Rewards.lastCheckIn(chain.store(), n.owner()) >= 0);
        return out;
    }

    private void node(Context ctx) {
        Account account = ApiServer.account(ctx.pathParam("account"), "account");
        StorageNode node = StorageNodes.get(chain.store(), account.owner());
        if (node == null) {
            throw ApiError.notFound(account + " has no registered storage node");
        }
        ctx.json(nodeView(node));
    }

    /** A contract, its health counted through {@code judged_epoch} ({@link StorageProofs#judgedEpoch}). */
    Map<String, Object> contractView(StorageContract c, long judged_epoch) {
        Map<String, Object> out = new LinkedHashMap<>();
        StorageNode node = StorageNodes.get(chain.store(), c.node());
        out.put("id", c.id());
        out.put("owner", Account.of(c.owner()).toText());
        out.put("node", Account.of(c.node()).toText());
        out.put("endpoint", node == null ? null : node.endpoint());
        out.put("segment", Hex.encode(c.segment()));
        out.put("index", c.index());
        out.put("piece_size_bytes", c.pieceSizeBytes());
        out.put("merkle_root", Hex.encode(c.merkleRoot()));
        out.put("start_epoch", c.startEpoch());
        out.put("end_epoch", c.endEpoch());
        out.put("price_per_epoch_e9s", c.pricePerEpochE9s());
        out.put("escrow_e9s", c.escrowE9s());
        out.put("paid_e9s", c.paidE9s());
        out.put("refunded_e9s", c.refundedE9s());
        out.put("state", c.state().name().toLowerCase(Locale.ROOT));
        out.put("close_reason", c.closeReason().name().toLowerCase(Locale.ROOT));
        out.put("last_proven_epoch", c.lastProvenEpoch());
        out.put("fails_consecutive", c.failsConsecutive(judged_epoch));
        out.put("healthy", c.healthy(node, judged_epoch));
        return out;
    }

    private void contract(Context ctx) {
        long id = Requests.pathLong(ctx, "id", "storage contract id");
        StorageContract c = StorageContracts.get(chain.store(), id);
        if (c == null) {
            throw ApiError.notFound("no storage contract " + id);
        }
        ctx.json(contractView(c, StorageProofs.judgedEpoch(chain.store())));
    }

    private void contracts(Context ctx) {
        String node = ctx.queryParam("node");
        String owner = ctx.queryParam("owner");
        if ((node == null) == (owner == null)) {
            throw ApiError.badRequest("give exactly one of node=ACCOUNT or owner=ACCOUNT");
        }
        byte[] prefix = node != null ? StorageContracts.byNodePrefix(ApiServer.account(node, "node").owner())
                : StorageContracts.byOwnerPrefix(ApiServer.account(owner, "owner").owner());
        int limit = Requests.limit(ctx, CONTRACTS_LIMIT_MAX, CONTRACTS_LIMIT_MAX);
        long after = Requests.queryLong(ctx, "after", -1);
        if (after < -1) {
            throw ApiError.badRequest("after must be a contract id (0 or more): the last id of the previous page");
        }
        long epoch_now = Rewards.epochState(chain.store()).epoch();
        long judged = StorageProofs.judgedEpoch(chain.store());
        List<StorageContract> page = StorageContracts.list(chain.store(), prefix, after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contracts", page.stream().map(c -> contractView(c, judged)).toList());
        out.put("epoch", epoch_now);
        // A full page may have more after it: next_after is the after= of the next page.
        out.put("next_after", page.size() == limit ? page.get(page.size() - 1).id() : null);
        ctx.json(out);
    }

    private void segment(Context ctx) {
        byte[] id = Requests.hex32(ctx.pathParam("id"), "segment id");
        Segment s = StorageContracts.segment(chain.store(), id);
        if (s == null) {
            throw ApiError.notFound("no segment " + ctx.pathParam("id"));
        }
        long judged = StorageProofs.judgedEpoch(chain.store());
        List<Map<String, Object>> pieces = StorageContracts.pieces(chain.store(), id).stream().map(c -> contractView(c, judged)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Hex.encode(s.id()));
        out.put("owner", Account.of(s.owner()).toText());
        out.put("data_shards", s.dataShards());
        out.put("total_shards", s.totalShards());
        out.put("target_pieces", s.targetPieces());
        out.put("repair_threshold", s.repairThreshold());
        out.put("piece_size_bytes", s.pieceSizeBytes());
        out.put("end_epoch", s.endEpoch());
        out.put("healthy_pieces", pieces.stream().filter(p -> Boolean.TRUE.equals(p.get("healthy"))).count());
        out.put("pieces", pieces);
        ctx.json(out);
    }

    private void epoch(Context ctx) {
        StorageProofs.EpochSeed seed = StorageProofs.seed(chain.store());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epoch", Rewards.epochState(chain.store()).epoch());
        out.put("seed_epoch", seed == null ? null : seed.epoch());
        out.put("seed", seed == null ? null : Hex.encode(seed.seed()));
        out.put("judged_epoch", seed == null ? 0 : seed.judgedEpoch());
        out.put("proof_leaves", Params.get(chain.store(), Param.STORAGE_PROOF_LEAVES));
        out.put("proofs_per_tx_max", dcloud.ledger.tx.ProveStorage.PROOFS_MAX);
        out.put("active_contracts", StorageContracts.activeCount(chain.store()));
        out.put("active_contracts_max", Params.get(chain.store(), Param.STORAGE_ACTIVE_CONTRACTS_MAX));
        out.put("height", chain.store().head().height());
        ctx.json(out);
    }

    private void pointer(Context ctx) {
        Account account = ApiServer.account(ctx.pathParam("account"), "account");
        byte[] pointer = StorageContracts.indexPointer(chain.store(), account.owner());
        if (pointer == null) {
            throw ApiError.notFound(account + " has no storage index pointer (nothing backed up yet)");
        }
        ctx.json(Map.of("account", account.toText(), "pointer", Hex.encode(pointer)));
    }
}
