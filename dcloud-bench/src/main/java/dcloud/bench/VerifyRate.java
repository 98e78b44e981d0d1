package dcloud.bench;

import dcloud.core.crypto.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Ed25519 (Bouncy Castle) verifications per second: the ceiling of a ledger that checks every signature. */
final class VerifyRate {
    private VerifyRate() {}

    static double measure(int threads) throws InterruptedException {
        KeyPair key = KeyPair.generate(new SecureRandom());
        byte[] message = new byte[180];
        byte[] signature = key.sign(message);
        byte[] public_key = key.publicKey();
        for (int i = 0; i < 20_000; i++) {
            KeyPair.verify(public_key, message, signature);
        }
        AtomicLong count = new AtomicLong();
        long duration_ns = 3_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                long local = 0;
                while (System.nanoTime() - started < duration_ns) {
                    if (KeyPair.verify(public_key, message, signature)) {
                        local++;
                    }
                }
                count.addAndGet(local);
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return count.get() / ((System.nanoTime() - started) / 1e9);
    }
}
