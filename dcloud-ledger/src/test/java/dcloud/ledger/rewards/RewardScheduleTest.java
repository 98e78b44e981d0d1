package dcloud.ledger.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.ledger.token.TokenRules;
import org.junit.jupiter.api.Test;

class RewardScheduleTest {
    private static final long DCT = 1_000_000_000L;

    @Test
    void theFirstEpochsPayFiftyDct() {
        assertThat(Rewards.rewardAt(0)).isEqualTo(50 * DCT);
        assertThat(Rewards.rewardAt(1)).isEqualTo(50 * DCT);
        assertThat(Rewards.rewardAt(209_999)).isEqualTo(50 * DCT);
    }

    @Test
    void theRewardHalvesEvery210000EpochsExactly() {
        for (int halving = 1; halving <= 36; halving++) {
            long boundary = halving * 210_000L;
            assertThat(Rewards.rewardAt(boundary - 1)).as("before halving %d", halving).isEqualTo((50 * DCT) >> (halving - 1));
            assertThat(Rewards.rewardAt(boundary)).as("at halving %d", halving).isEqualTo((50 * DCT) >> halving);
        }
        assertThat(Rewards.rewardAt(210_000)).isEqualTo(25 * DCT);
        assertThat(Rewards.rewardAt(420_000)).isEqualTo(12_500_000_000L);
    }

    @Test
    void theLastPayingEpochIs7559999AndPaysOneE9s() {
        assertThat(Rewards.rewardAt(7_559_999)).isEqualTo(1);
        assertThat(Rewards.rewardAt(7_560_000)).isZero();
        assertThat(Rewards.rewardAt(Long.MAX_VALUE)).isZero();
    }

    @Test
    void theWholeScheduleAddsUpToTheSupplyCap() {
        long total = 0;
        for (long halving = 0; halving < 64; halving++) {
            total = Math.addExact(total, Math.multiplyExact(Rewards.HALVING_EPOCHS, Rewards.rewardAt(halving * Rewards.HALVING_EPOCHS)));
        }
        assertThat(total).isEqualTo(TokenRules.SUPPLY_CAP_E9S).isEqualTo(20_999_999_996_850_000L);
    }

    @Test
    void integerSquareRootIsExact() {
        assertThat(Rewards.isqrt(0)).isZero();
        assertThat(Rewards.isqrt(1)).isEqualTo(1);
        assertThat(Rewards.isqrt(99)).isEqualTo(9);
        assertThat(Rewards.isqrt(100)).isEqualTo(10);
        assertThat(Rewards.isqrt(Long.MAX_VALUE)).isEqualTo(3_037_000_499L);
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() & Long.MAX_VALUE;
            long root = Rewards.isqrt(value);
            assertThat(java.math.BigInteger.valueOf(root).pow(2).compareTo(java.math.BigInteger.valueOf(value))).isLessThanOrEqualTo(0);
            assertThat(java.math.BigInteger.valueOf(root + 1).pow(2).compareTo(java.math.BigInteger.valueOf(value))).isPositive();
        }
    }
}
