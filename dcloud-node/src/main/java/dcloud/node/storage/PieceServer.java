package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.EgressOrder;
import dcloud.node.provider.LedgerLink;
import dcloud.storage.piecestore.PieceStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * The storage node's piece API. {@code PUT /v1/pieces/{contract}} stores a piece only when the
 * ledger holds an active storage contract naming this node, the body has the contract's size and
 * its Merkle root is the contract's root: the contract is the authorization. The body streams to
 * disk while it is hashed, so a node holds 256 KiB per upload, not the piece. {@code GET} serves a
 * piece, whole or by {@code Range: bytes=a-b}. Pieces are ciphertext, so reading needs no key, but
 * a node that charges for egress serves only against the downloader's signed order
 * ({@link EgressOrder#HTTP_HEADER}, {@link EgressBilling}) and bills the bytes it sent on it, all of
 * the piece or, when the client hung up, what had gone out.
 */
public final class PieceServer implements AutoCloseable {
    private final PieceStore store;
    private final LedgerLink ledger;
    private final EgressBilling billing;
    private final Javalin app;

    PieceServer(PieceStore store, LedgerLink ledger, EgressBilling billing, String host, int port) {
        this.store = store;
        this.ledger = ledger;
        this.billing = billing;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = PieceStore.PIECE_SIZE_BYTES_MAX;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.put("/v1/pieces/{contract}", this::put);
            config.routes.get("/v1/pieces/{contract}", this::get);
            config.routes.get("/v1/health", this::health);
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    error(ctx, e.getStatus(), e.getStatus() == 413 ? "too_large" : "http_" + e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal", e.toString()));
        }).start();
    }

    public int port() {
        return app.port();
    }

    /** The piece id a contract's piece is stored under. */
    public static byte[] pieceId(long contract) {
        return Sha256.hash(Values.u64(contract));
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        ctx.status(status).json(Map.of("error", error));
    }

    private static long contractId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("contract"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void put(Context ctx) throws Exception {
        if (!receive(ctx)) {
            // The body may be unread: closing is what Jetty does then, and saying so keeps a client
            // from sending its next request down a connection about to close.
            ctx.header("Connection", "close");
        }
    }

    /** Answers an upload; true when its whole body was read and stored. */
    private boolean receive(Context ctx) throws Exception {
        long id = contractId(ctx);
        JsonNode contract = authorizingContract(ctx, id);
        if (contract == null) {
            return false;
        }
        long size = contract.path("piece_size_bytes").asLong();
        long declared = ctx.contentLength();
        if (declared > size) {
            error(ctx, 413, "too_large", "contract " + id + " is for " + size + " bytes; the upload declares " + declared);
            return false;
        }
        byte[] root = Hex.decode(contract.path("merkle_root").asText());
        boolean stored = false;
        try {
            store.put(pieceId(id), ctx.req().getInputStream(), size, id, root);
            stored = true;
        } catch (PieceStore.PieceException e) {
            if (!e.code.equals("exists")) {
                error(ctx, status(e.code), e.code, "contract " + id + ": " + e.getMessage());
                return false;
            }
        }
        ctx.status(201).json(Map.of("contract", id, "size_bytes", size, "merkle_root", Hex.encode(root)));
        return stored;
    }

    private static int status(String code) {
        return switch (code) {
            case "full" -> 507;
            case "too_large" -> 413;
            case "wrong_root" -> 422;
            default -> 400;
        };
    }

    /** The contract that authorizes an upload, or null after answering why there is none. */
    private JsonNode authorizingContract(Context ctx, long id) {
        if (id < 0) {
            error(ctx, 400, "bad_request", "contract must be a non-negative integer");
            return null;
        }
        JsonNode contract;
        try {
            contract = ledger.get("/api/v1/storage/contracts/" + id);
        } catch (ApiException e) {
            error(ctx, e.http_status == 404 ? 403 : 503, e.http_status == 404 ? "unauthorized" : "ledger_unreachable",
                    e.http_status == 404 ? "no storage contract " + id + " on the ledger: uploads need one" : e.getMessage());
            return null;
        }
        String self = Account.of(ledger.key().publicKey()).toText();
        if (!contract.path("node").asText().equals(self) || !contract.path("state").asText().equals("active")) {
            error(ctx, 403, "unauthorized", "storage contract " + id + " is not an active contract for this node (" + self + ")");
            return null;
        }
        return contract;
    }

    private void get(Context ctx) throws Exception {
        long id = contractId(ctx);
        if (id < 0) {
            error(ctx, 400, "bad_request", "contract must be a non-negative integer");
            return;
        }
        try {
            PieceStore.PieceInfo info = store.info(pieceId(id));
            if (info == null) {
                error(ctx, 404, "not_found", "this node holds no piece for contract " + id);
                return;
            }
            long[] range = Ranges.parse(ctx.header("Range"), info.sizeBytes());
            if (range == null) {
                error(ctx, 416, "bad_range", "Range must be 'bytes=FIRST-LAST' within the piece's " + info.sizeBytes() + " bytes");
                return;
            }
            long length = range[1] - range[0];
            EgressBilling.Taken taken = billing.charges() && length > 0 ? billing.take(ctx.header(EgressOrder.HTTP_HEADER), id, length) : null;
            if (taken != null && taken.refusal() != null) {
                error(ctx, taken.refusal().status(), taken.refusal().code(), taken.refusal().message());
                return;
            }
            long[] sent_bytes = {0};
            // From the take on, the order's journal slot is given back or billed whatever happens.
            try {
                ctx.status(length == info.sizeBytes() ? 200 : 206).contentType("application/octet-stream");
                if (length != info.sizeBytes()) {
                    ctx.header("Content-Range", "bytes " + range[0] + "-" + (range[1] - 1) + "/" + info.sizeBytes());
                }
                ctx.res().setContentLengthLong(length);
                send(pieceId(id), range[0], length, ctx.res().getOutputStream(), sent_bytes);
            } finally {
                // A download the client cut short (a hedged read's slow tail) pays for what left the node.
                if (taken != null) {
                    billing.finished(taken.order(), sent_bytes[0]);
                }
            }
        } catch (PieceStore.PieceException e) {
            error(ctx, e.code.equals("not_found") ? 404 : 500, e.code, e.getMessage());
        }
    }

    /**
     * Jetty's output takes a direct buffer and hands it to the socket as it is; any other stream
     * gets heap arrays. With heap arrays each byte was copied four times on its way from the page
     * cache to the socket, and serving 1 GiB cost a node 1.1-1.35 CPU-s (0.75-1.0 now).
     */
    private void send(byte[] piece, long offset, long length, OutputStream body, long[] sent_bytes) throws PieceStore.PieceException, IOException {
        if (body instanceof HttpOutput jetty) {
            store.copy(piece, offset, length, bytes -> {
                int count = bytes.remaining();
                jetty.write(bytes);
                sent_bytes[0] += count;
            });
        } else {
            store.copy(piece, offset, length, new java.io.FilterOutputStream(body) {
                @Override
                public void write(byte[] bytes, int from, int count) throws IOException {
                    out.write(bytes, from, count);
                    sent_bytes[0] += count;
                }
            });
        }
    }

    private void health(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", Account.of(ledger.key().publicKey()).toText());
        out.put("capacity_bytes", store.capacityBytes());
        out.put("used_bytes", store.usedBytes());
        out.put("pieces", store.count());
        ctx.json(out);
    }

    @Override
    public void close() {
        app.stop();
    }
}
