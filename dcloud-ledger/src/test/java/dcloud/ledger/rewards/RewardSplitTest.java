package dcloud.ledger.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.ledger.LedgerFixture;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The epoch payout: weighted by floor(sqrt(reputation)), remainders and empty epochs carried over exactly. */
class RewardSplitTest {
    private static final long POT = 50_000_000_000L;

    private final Overlay state = new Overlay(new LedgerFixture(new MemoryLedgerStore(), 0, 1).store);

    private byte[] participant(int seed, long reputation, long epoch) {
        byte[] owner = LedgerFixture.key(1000 + seed).publicKey();
        if (reputation > 0) {
            Reputation.change(state, 1, owner, reputation, Reputation.Cause.PAYMENT_RECEIVED, new byte[32], "test");
        }
        state.put(Rewards.checkedInKey(epoch, owner), new byte[0]);
        return owner;
    }

    private long balance(byte[] owner) {
        return TokenState.balance(state, dcloud.core.account.Account.of(owner));
    }

    @Test
    void aSingleParticipantTakesTheWholeReward() {
        byte[] only = participant(1, 4, 0);
        assertThat(Rewards.close(state, 0, 0)).isZero();
        assertThat(balance(only)).isEqualTo(POT);
        assertThat(Rewards.summary(state, 0).distributedE9s()).isEqualTo(POT);
    }

    @Test
    void twoParticipantsSplitBySquareRootOfReputationAndTheRemainderCarries() {
        byte[] one = participant(1, 1, 0);
        byte[] four = participant(2, 4, 0);
        long carry = Rewards.close(state, 0, 0);
        assertThat(balance(one)).isEqualTo(16_666_666_666L);
        assertThat(balance(four)).isEqualTo(33_333_333_333L);
        assertThat(carry).isEqualTo(1);
    }

    @Test
    void aHundredParticipantsGetExactlyTheirWeightedShares() {
        List<byte[]> owners = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            owners.add(participant(i, (long) i * i, 0));
        }
        long carry = Rewards.close(state, 0, 0);
        long paid = 0;
        for (int i = 1; i <= 100; i++) {
            long expected = java.math.BigInteger.valueOf(POT).multiply(java.math.BigInteger.valueOf(i)).divide(java.math.BigInteger.valueOf(5050)).longValueExact();
            assertThat(balance(owners.get(i - 1))).as("participant with weight %d", i).isEqualTo(expected);
            paid += expected;
        }
        assertThat(paid + carry).isEqualTo(POT);
        assertThat(TokenState.minted(state)).isEqualTo(paid);
    }

    @Test
    void zeroReputationEarnsNothingBesideOthersAndAnEqualShareAmongZeroes() {
        byte[] zero = participant(1, 0, 0);
        byte[] nine = participant(2, 9, 0);
        Rewards.close(state, 0, 0);
        assertThat(balance(zero)).isZero();
        assertThat(balance(nine)).isEqualTo(POT);
        byte[] a = participant(3, 0, 1);
        byte[] b = participant(4, 0, 1);
        assertThat(Rewards.close(state, 1, 0)).isZero();
        assertThat(balance(a)).isEqualTo(POT / 2);
        assertThat(balance(b)).isEqualTo(POT / 2);
    }

    @Test
    void anEpochWithoutParticipantsCarriesItsRewardOver() {
        long carry = Rewards.close(state, 0, 0);
        assertThat(carry).isEqualTo(POT);
        assertThat(TokenState.minted(state)).as("nothing minted for an empty epoch").isZero();
        byte[] late = participant(1, 1, 1);
        assertThat(Rewards.close(state, 1, carry)).isZero();
        assertThat(balance(late)).isEqualTo(2 * POT);
    }
}
