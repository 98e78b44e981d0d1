package dcloud.node.provider;

import dcloud.ledger.tx.CheckIn;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider role's check-in: once per reward epoch, when the provider is registered and not yet
 * checked in, sign a recent block hash and submit. Every node with a provider key runs one: a
 * validator through its own chain, a storage or compute node through the validators' API. Polls
 * every {@code poll_ms}; one attempt per epoch at a time, retried after {@code retry_ms} if it did
 * not land. Check-ins are also how clients tell a live storage node from a vanished one.
 */
public final class CheckInAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInAgent.class);
    private final CheckInLedger ledger;
    private final Clock clock;
    private final long poll_ms;
    private final long retry_ms;
    private final Thread thread;
    private volatile boolean running = true;
    private long attempted_epoch = -1;
    private long attempted_at_ms;

    public CheckInAgent(CheckInLedger ledger, Clock clock, long poll_ms) {
        this.ledger = ledger;
        this.clock = clock;
        this.poll_ms = poll_ms;
        this.retry_ms = Math.max(5_000, poll_ms * 5);
        this.thread = Thread.ofPlatform().name("check-in").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(poll_ms);
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // A validator that is down or busy: the next poll asks again.
                log.warn("event=check_in_failed error=\"{}\"", e.toString());
            }
        }
    }

    void tick() throws Exception {
        CheckInLedger.Standing standing = ledger.standing();
        if (standing == null) {
            return;
        }
        long now_ms = clock.millis();
        if (standing.checkedIn() || (attempted_epoch == standing.epoch() && now_ms - attempted_at_ms < retry_ms)) {
            return;
        }
        attempted_epoch = standing.epoch();
        attempted_at_ms = now_ms;
        String admission = ledger.send(new CheckIn(standing.epoch(), standing.recentBlockHash()));
        log.info("event=check_in epoch={} admission={}", standing.epoch(), admission);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
