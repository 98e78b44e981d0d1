package dcloud.node.provider;

import dcloud.chain.Admission;
import dcloud.chain.ChainNode;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.SignedTx;
import java.time.Clock;
import java.util.function.Function;

/** A validator's check-ins: read from its own chain, submitted to its own mempool. */
public final class ChainCheckInLedger implements CheckInLedger {
    private final ChainNode chain;
    private final KeyPair provider;
    private final Clock clock;
    private final Function<SignedTx, Admission> submit;

    public ChainCheckInLedger(ChainNode chain, KeyPair provider, Clock clock, Function<SignedTx, Admission> submit) {
        this.chain = chain;
        this.provider = provider;
        this.clock = clock;
        this.submit = submit;
    }

    @Override
    public Standing standing() {
        byte[] owner = provider.publicKey();
        if (!Registry.isProvider(chain.store(), owner)) {
            return null;
        }
        long epoch = Rewards.epochState(chain.store()).epoch();
        return new Standing(epoch, Rewards.lastCheckIn(chain.store(), owner) == epoch, chain.store().head().blockHash());
    }

    @Override
    public String send(CheckIn check_in) {
        SignedTx tx = SignedTx.sign(provider, chain.genesis().chainId(), clock.millis() * 1_000_000L, check_in);
        return submit.apply(tx).status() + " tx=" + tx.hashHex();
    }
}
