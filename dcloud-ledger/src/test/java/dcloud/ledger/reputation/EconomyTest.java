package dcloud.ledger.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.Punish;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.TxResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration fees, payments with fee and reputation, punishment and check-in, at the state machine. */
class EconomyTest {
    static final long DCT = 1_000_000_000L;
    static final ProviderProfile ACME = new ProviderProfile("Acme Cloud", "Acme Cloud GmbH", "DE", "ops@acme.example",
            "https://acme.example", 9990, "GPUs in Frankfurt");

    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 3, 1_000 * DCT, Map.of("epoch_length_s", 10L));
    final KeyPair provider = chain.users.get(0);
    final KeyPair developer = chain.users.get(1);

    long treasury() {
        return TokenState.balance(chain.store, Treasury.ACCOUNT);
    }

    void registerBoth() {
        assertThat(chain.run(provider, new RegisterProvider(ACME, false)).ok()).isTrue();
        assertThat(chain.run(developer, new RegisterUser("Dev", "dev@example.org")).ok()).isTrue();
    }

    @Test
    void registeringCostsTheRewardOverOneHundredPaidToTheTreasury() {
        registerBoth();
        assertThat(chain.balance(provider)).isEqualTo(1_000 * DCT - DCT / 2);
        assertThat(chain.balance(developer)).isEqualTo(1_000 * DCT - DCT / 2);
        assertThat(treasury()).isEqualTo(DCT);
        assertThat(Registry.provider(chain.store, provider.publicKey()).profile()).isEqualTo(ACME);
        assertThat(chain.run(provider, new RegisterProvider(ACME, false)).message()).contains("already registered");
    }

    @Test
    void rejectsEachInvalidProfileFieldByNameAndChangesNothing() {
        Map<String, ProviderProfile> bad = Map.of(
                "name", new ProviderProfile("", "L", "DE", "a@b.cd", "https://x.io", 9990, ""),
                "country", new ProviderProfile("N", "L", "Germany", "a@b.cd", "https://x.io", 9990, ""),
                "email", new ProviderProfile("N", "L", "DE", "not-an-email", "https://x.io", 9990, ""),
                "website", new ProviderProfile("N", "L", "DE", "a@b.cd", "ftp://x", 9990, ""),
                "sla_uptime", new ProviderProfile("N", "L", "DE", "a@b.cd", "https://x.io", 5000, ""));
        for (Map.Entry<String, ProviderProfile> entry : bad.entrySet()) {
            TxResult result = chain.run(provider, new RegisterProvider(entry.getValue(), false));
            assertThat(result.ok()).isFalse();
            assertThat(result.message()).startsWith(entry.getKey());
        }
        assertThat(chain.run(provider, new RegisterProvider(ACME, true)).message()).contains("not registered as a provider");
        assertThat(Registry.isProvider(chain.store, provider.publicKey())).isFalse();
        assertThat(chain.balance(provider)).as("no fee taken for a refused registration").isEqualTo(1_000 * DCT);
        assertThat(treasury()).isZero();
    }

    @Test
    void aPaymentChargesTheProviderTwoPercentAndRaisesBothReputationsByOnePercent() {
        registerBoth();
        long treasury = treasury();
        long burned = TokenState.burned(chain.store);
        assertThat(chain.run(developer, new Pay(provider.publicKey(), 100 * DCT, new byte[0])).ok()).isTrue();
        assertThat(chain.balance(developer)).isEqualTo(1_000 * DCT - DCT / 2 - 100 * DCT);
        assertThat(chain.balance(provider)).isEqualTo(1_000 * DCT - DCT / 2 + 98 * DCT);
        assertThat(treasury()).isEqualTo(treasury + DCT);
        assertThat(TokenState.burned(chain.store)).isEqualTo(burned + DCT);
        assertThat(Reputation.score(chain.store, developer.publicKey())).isEqualTo(DCT);
        assertThat(Reputation.score(chain.store, provider.publicKey())).isEqualTo(DCT);
        assertThat(Reputation.history(chain.store, provider.publicKey(), 10)).singleElement()
                .satisfies(event -> assertThat(event.cause()).isEqualTo(Reputation.Cause.PAYMENT_RECEIVED));
    }

    @Test
    void paymentsNeedARegisteredPayerAndProviderAndFunds() {
        assertThat(chain.run(developer, new Pay(provider.publicKey(), DCT, new byte[0])).message()).contains("payer must be registered");
        registerBoth();
        assertThat(chain.run(developer, new Pay(developer.publicKey(), DCT, new byte[0])).message()).contains("not a registered provider");
        assertThat(chain.run(developer, new Pay(provider.publicKey(), 10_000 * DCT, new byte[0])).status().variant()).isEqualTo("InsufficientFunds");
        assertThat(Reputation.score(chain.store, developer.publicKey())).isZero();
    }

    @Test
    void punishingSpendsOwnReputationCutsTheTargetTwiceAsMuchAndFloorsAtZero() {
        registerBoth();
        chain.run(developer, new Pay(provider.publicKey(), 100 * DCT, new byte[0]));
        TxResult punished = chain.run(developer, new Punish(provider.publicKey(), DCT / 4, "server was down for a day"));
        assertThat(punished.ok()).isTrue();
        assertThat(Reputation.score(chain.store, developer.publicKey())).isEqualTo(DCT - DCT / 4);
        assertThat(Reputation.score(chain.store, provider.publicKey())).isEqualTo(DCT - DCT / 2);
        chain.run(developer, new Punish(provider.publicKey(), DCT / 2, "again"));
        assertThat(Reputation.score(chain.store, provider.publicKey())).as("floored at zero").isZero();
        assertThat(Reputation.score(chain.store, developer.publicKey())).isEqualTo(DCT / 4);
        TxResult overspend = chain.run(developer, new Punish(provider.publicKey(), DCT, "more than I have"));
        assertThat(overspend.ok()).isFalse();
        assertThat(overspend.message()).contains("less than the 1 to spend");
        assertThat(Reputation.score(chain.store, developer.publicKey())).isEqualTo(DCT / 4);
        assertThat(chain.run(developer, new Punish(developer.publicKey(), 1, "me")).message()).contains("cannot punish yourself");
        assertThat(chain.run(developer, new Punish(Account.of(chain.users.get(2).publicKey()).owner(), 1, "x")).message()).contains("not a registered");
        assertThat(chain.run(developer, new Punish(provider.publicKey(), 1, " ")).message()).contains("reason is required");
    }

    @Test
    void aProviderChecksInOncePerEpochPaysTheFeeAndEarnsTheEpochReward() {
        registerBoth();
        long epoch = Rewards.epochState(chain.store).epoch();
        byte[] seen = chain.store.head().blockHash();
        long before = chain.balance(provider);
        assertThat(chain.run(provider, new CheckIn(epoch, seen)).ok()).isTrue();
        assertThat(chain.balance(provider)).isEqualTo(before - DCT / 2);
        assertThat(chain.run(provider, new CheckIn(epoch, seen)).message()).contains("already checked in");
        assertThat(chain.run(developer, new CheckIn(epoch, seen)).message()).contains("only registered providers");
        assertThat(chain.run(provider, new CheckIn(epoch + 1, seen)).message()).contains("current epoch is " + epoch);
        chain.applyAfter(10, java.util.List.of());
        assertThat(chain.balance(provider)).isEqualTo(before - DCT / 2 + 50 * DCT);
        assertThat(Rewards.summary(chain.store, epoch).participants()).isEqualTo(1);
    }
}
