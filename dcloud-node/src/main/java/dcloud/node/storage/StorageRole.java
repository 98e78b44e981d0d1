package dcloud.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.StorageNodeRegistration;
import dcloud.node.provider.LedgerLink;
import dcloud.storage.piecestore.PieceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage role: a piece store on disk, the piece API, the on-ledger registration (kept equal to
 * node.json: endpoint, capacity, prices) and the prover on one scheduler thread, the scrub and the
 * egress settlement each on their own (both may take long and must not delay a proof).
 */
public final class StorageRole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageRole.class);
    private final PieceStore store;
    private final PieceServer server;
    private final LedgerLink ledger;
    private final Prover prover;
    private final StorageNodeRegistration registration;
    private final ScheduledExecutorService scheduler = daemonScheduler("storage-role");
    /** A scrub pass may take hours and must not delay a proof. */
    private final ScheduledExecutorService scrub_scheduler = daemonScheduler("storage-scrub");
    /** A settlement pass waits up to {@link EgressBilling#SETTLE_WAIT_MS} for its block, which must not delay a proof either. */
    private final ScheduledExecutorService settle_scheduler = daemonScheduler("storage-egress-settle");
    private final Scrubber scrubber;
    private final EgressJournal journal;
    private final EgressBilling billing;
    private volatile boolean registered;

    public record Settings(Path dir, long capacityBytes, String host, int port, String publicUrl, long pricePerGibEpochE9s,
                           long egressPricePerGibE9s, long proofIntervalMs, long scrubIntervalMs, long scrubBytesPerSecond, String ledgerUrls) {}

    private static ScheduledExecutorService daemonScheduler(String thread_name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, thread_name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Scrub passes look for due pieces this often: a quarter of the interval, within 1 s .. 60 s. */
    static long scrubPassDelayMs(long scrub_interval_ms) {
        return Math.max(1000, Math.min(60_000, scrub_interval_ms / 4));
    }

    public StorageRole(Settings settings, KeyPair provider, Clock clock) throws IOException {
        this.store = new PieceStore(settings.dir(), settings.capacityBytes());
        this.ledger = new LedgerLink(settings.ledgerUrls(), provider, clock);
        EgressJournal opened = null;
        try {
            opened = new EgressJournal(settings.dir().resolve("egress"));
            this.billing = new EgressBilling(ledger, opened, settings.egressPricePerGibE9s());
            this.server = new PieceServer(store, ledger, billing, settings.host(), settings.port());
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            store.close();
            throw e;
        }
        this.journal = opened;
        this.prover = new Prover(store, ledger, settings.proofIntervalMs());
        this.registration = new StorageNodeRegistration(settings.publicUrl(), PieceStore.offeredBytes(settings.capacityBytes()),
                settings.pricePerGibEpochE9s(),
                settings.egressPricePerGibE9s());
        this.scrubber = new Scrubber(store, settings.scrubIntervalMs(), settings.scrubBytesPerSecond(), clock::millis);
        scheduler.scheduleWithFixedDelay(this::tick, 0, settings.proofIntervalMs(), TimeUnit.MILLISECONDS);
        settle_scheduler.scheduleWithFixedDelay(this::settle, settings.proofIntervalMs(), settings.proofIntervalMs(), TimeUnit.MILLISECONDS);
        long scrub_delay_ms = scrubPassDelayMs(settings.scrubIntervalMs());
        scrub_scheduler.scheduleWithFixedDelay(this::scrub, scrub_delay_ms, scrub_delay_ms, TimeUnit.MILLISECONDS);
        log.info("event=storage_role_started account={} pieces=http://{}:{} capacity_bytes={}", Account.of(provider.publicKey()),
                settings.host(), server.port(), settings.capacityBytes());
    }

    public int port() {
        return server.port();
    }

    public PieceStore store() {
        return store;
    }

    private void tick() {
        try {
            if (!registered) {
                registered = register();
            }
            if (registered) {
                prover.runOnce();
            }
        } catch (ApiException e) {
            log.warn("event=storage_tick_failed reason=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=storage_tick_error", e);
        }
    }

    private void settle() {
        try {
            if (registered) {
                billing.settleOnce();
            }
        } catch (RuntimeException e) {
            log.error("event=egress_settle_error", e);
        }
    }

    private void scrub() {
        try {
            int damaged = scrubber.runOnce();
            if (damaged > 0) {
                log.warn("event=scrub_pass_done damaged_pieces={}", damaged);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("event=scrub_error", e);
        }
    }

    /** Registers or updates the node on the ledger when its record differs from node.json. */
    private boolean register() throws ApiException {
        String self = Account.of(ledger.key().publicKey()).toText();
        try {
            JsonNode node = ledger.get("/api/v1/storage/nodes/" + self);
            if (node.path("endpoint").asText().equals(registration.endpoint()) && node.path("capacity_bytes").asLong() == registration.capacityBytes()
                    && node.path("price_per_gib_epoch_e9s").asLong() == registration.pricePerGibEpochE9s()
                    && node.path("egress_price_per_gib_e9s").asLong() == registration.egressPricePerGibE9s()) {
                return true;
            }
        } catch (ApiException e) {
            if (e.http_status != 404) {
                throw e;
            }
        }
        JsonNode answer = ledger.submit(registration);
        if (answer.path("status").asText().equals("committed")) {
            log.info("event=storage_node_registered account={} endpoint={}", self, registration.endpoint());
            return true;
        }
        log.warn("event=storage_node_registration_failed account={} reason=\"{}\"", self, answer.path("error").path("message").asText());
        return false;
    }

    @Override
    public void close() {
        List<ScheduledExecutorService> schedulers = List.of(scheduler, scrub_scheduler, settle_scheduler);
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
        try {
            for (ScheduledExecutorService each : schedulers) {
                each.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        journal.close();
        store.close();
    }
}
