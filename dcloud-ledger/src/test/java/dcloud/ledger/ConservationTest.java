package dcloud.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.ledger.state.Values;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenRules;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.TxStatus;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConservationTest {
    @Test
    void tokensAreConservedAcrossThousandsOfRandomValidAndInvalidTransactions() {
        long seed = Long.getLong("dcloud.seed", 424242L);
        LedgerFixture fixture = new LedgerFixture(new MemoryLedgerStore(), 12, 10_000_000_000_000L,
                java.util.Map.of("epoch_length_s", 5L, "gov_voting_period_s", 7L, "gov_quorum_bps", 100L,
                "market_request_timeout_s", 20L));
        RandomTraffic traffic = new RandomTraffic(seed, fixture);
        Map<TxStatus, Integer> seen = new EnumMap<>(TxStatus.class);
        for (int height = 1; height <= 60; height++) {
            BlockOutcome outcome = fixture.apply(traffic.block(100, fixture.now() + LedgerFixture.BLOCK_INTERVAL_NS));
            assertThat(outcome.accepted()).as("seed %d", seed).isTrue();
            outcome.results().forEach(result -> seen.merge(result.status(), 1, Integer::sum));
            assertConserved(fixture, seed, height);
        }
        assertThat(dcloud.ledger.rewards.Rewards.epochState(fixture.store).epoch()).as("epochs closed along the way").isGreaterThan(5);
        assertThat(dcloud.ledger.governance.Governance.proposalCount(fixture.store)).isPositive();
        assertThat(TokenState.balance(fixture.store, dcloud.ledger.governance.Treasury.ACCOUNT)).as("fees reached the treasury").isPositive();
        assertThat(dcloud.ledger.market.Contracts.get(fixture.store, 1)).as("contracts were rented along the way").isNotNull();
        assertThat(dcloud.ledger.storage.StorageContracts.get(fixture.store, 1)).as("storage contracts were opened along the way").isNotNull();
        assertThat(seen).as("seed %d: the traffic must exercise successes and the main failures", seed)
                .containsKeys(TxStatus.OK, TxStatus.BAD_FEE, TxStatus.INSUFFICIENT_FUNDS, TxStatus.DUPLICATE,
                        TxStatus.CREATED_IN_FUTURE, TxStatus.INSUFFICIENT_ALLOWANCE, TxStatus.BAD_BURN);
    }

    private static void assertConserved(LedgerFixture fixture, long seed, int height) {
        long[] sum = {0};
        fixture.store.scan(new byte[] {0x10}, Integer.MAX_VALUE, (key, value) -> {
            long balance = Values.u64(value, 0);
            assertThat(balance).as("seed %d height %d: balance", seed, height).isPositive();
            sum[0] = Math.addExact(sum[0], balance);
            return true;
        });
        long minted = TokenState.minted(fixture.store);
        long burned = TokenState.burned(fixture.store);
        assertThat(sum[0] + burned).as("seed %d height %d: balances (treasury and escrow included) + burned = minted", seed, height).isEqualTo(minted);
        fixture.store.scan(new byte[] {0x30}, Integer.MAX_VALUE, (key, value) -> {
            assertThat(Values.u64(value, 0)).as("seed %d height %d: reputation is never negative", seed, height).isNotNegative();
            return true;
        });
        assertThat(TokenState.totalSupply(fixture.store)).isBetween(0L, TokenRules.SUPPLY_CAP_E9S);
        assertThat(dcloud.ledger.storage.DueCounts.audit(fixture.store)).as("seed %d height %d: storage due counts", seed, height).isNull();
    }
}
