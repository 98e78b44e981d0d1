package dcloud.node.provider;

import dcloud.chain.Admission;
import dcloud.chain.ChainNode;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.SignedTx;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider role's check-in: once per reward epoch, when the provider is registered and not yet
 * checked in, sign the latest block hash and submit. Polls every {@code poll_ms}; one attempt per
 * epoch at a time, retried after {@code retry_ms} if it did not land.
 */
public final class CheckInAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInAgent.class);
    private final ChainNode chain;
    private final KeyPair provider;
    private final Clock clock;
    private final Function<SignedTx, Admission> submit;
    private final long poll_ms;
    private final long retry_ms;
    private final Thread thread;
    private volatile boolean running = true;
    private long attempted_epoch = -1;
    private long attempted_at_ms;

    public CheckInAgent(ChainNode chain, KeyPair provider, Clock clock, Function<SignedTx, Admission> submit, long poll_ms) {
        this.chain = chain;
        this.provider = provider;
        this.clock = clock;
        this.submit = submit;
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
            } catch (RuntimeException e) {
                log.warn("event=check_in_failed error=\"{}\"", e.toString());
            }
        }
    }

    void tick() {
        byte[] owner = provider.publicKey();
        if (!Registry.isProvider(chain.store(), owner)) {
            return;
        }
        long epoch = Rewards.epochState(chain.store()).epoch();
        boolean done = Rewards.checkedIn(chain.store(), epoch).stream().anyMatch(o -> Arrays.equals(o, owner));
        long now_ms = clock.millis();
        if (done || (attempted_epoch == epoch && now_ms - attempted_at_ms < retry_ms)) {
            return;
        }
        SignedTx tx = SignedTx.sign(provider, chain.genesis().chainId(), now_ms * 1_000_000L, new CheckIn(epoch, chain.store().head().blockHash()));
        Admission admission = submit.apply(tx);
        attempted_epoch = epoch;
        attempted_at_ms = now_ms;
        log.info("event=check_in epoch={} tx={} admission={}", epoch, tx.hashHex(), admission.status());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
