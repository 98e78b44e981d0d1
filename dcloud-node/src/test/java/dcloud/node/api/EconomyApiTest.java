package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.Delegate;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.Propose;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.Punish;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TxBody;
import dcloud.ledger.tx.Vote;
import dcloud.node.config.KeyFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The economy end to end on a running node: registration, payments, reputation, check-in rewards, governance. */
class EconomyApiTest {
    static final long DCT = 1_000_000_000L;
    static final ProviderProfile PROFILE = new ProviderProfile("Acme", "Acme SARL", "FR", "ops@acme.example", "https://acme.example", 9990, "");
    @TempDir
    static Path dir;
    static TestNode node;
    static final KeyPair provider = KeyPair.generate(new SecureRandom());
    static final KeyPair alice = KeyPair.generate(new SecureRandom());
    static final KeyPair bob = KeyPair.generate(new SecureRandom());
    static final KeyPair carol = KeyPair.generate(new SecureRandom());

    @BeforeAll
    static void start() throws Exception {
        List<Genesis.Allocation> allocations = List.of(
                new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(alice.publicKey()), 400 * DCT),
                new Genesis.Allocation(Account.of(bob.publicKey()), 300 * DCT),
                new Genesis.Allocation(Account.of(carol.publicKey()), 200 * DCT));
        node = new TestNode(dir, allocations, config -> {
            try {
                KeyFile.write(dir.resolve("n0").resolve("provider_key.json"), provider);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return config.with("provider_key_file", "provider_key.json");
        }, Map.of("gov_voting_period_s", 3L, "epoch_length_s", 2L));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode run(KeyPair key, TxBody body) throws Exception {
        return node.submit(node.sign(key, body)).body();
    }

    static void ok(KeyPair key, TxBody body) throws Exception {
        JsonNode result = run(key, body);
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
    }

    static JsonNode awaitClosed(long id) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode proposal = node.get("/api/v1/gov/proposals/" + id).body();
        while (proposal.path("status").asText().equals("open") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            proposal = node.get("/api/v1/gov/proposals/" + id).body();
        }
        return proposal;
    }

    @Test
    void aProviderRegistersIsPaidGainsReputationAndTheNodeChecksItInForRewards() throws Exception {
        ok(provider, new RegisterProvider(PROFILE, false));
        KeyPair dev = KeyPair.generate(new SecureRandom());
        ok(node.minter, new Transfer(null, Account.of(dev.publicKey()), 50 * DCT, OptionalLong.empty(), new byte[0]));
        ok(dev, new RegisterUser("dev", "dev@example.org"));
        ok(dev, new Pay(provider.publicKey(), 10 * DCT, new byte[0]));
        JsonNode shown = node.get("/api/v1/providers/" + Account.of(provider.publicKey()).toText()).body();
        assertThat(shown.path("legal_name").asText()).isEqualTo("Acme SARL");
        assertThat(shown.path("reputation").asText()).isEqualTo("0.1");
        ok(dev, new Punish(provider.publicKey(), DCT / 100, "slow support"));
        JsonNode reputation = node.get("/api/v1/reputation/" + Account.of(provider.publicKey()).toText()).body();
        assertThat(reputation.path("reputation").asText()).isEqualTo("0.08");
        assertThat(reputation.path("history").get(0).path("cause").asText()).isEqualTo("punished");
        assertThat(reputation.path("history").get(0).path("reason").asText()).isEqualTo("slow support");
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode share = null;
        while (share == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            for (JsonNode row : node.get("/api/v1/rewards").body().path("closed_epoch").path("participants")) {
                if (row.path("account").asText().equals(Account.of(provider.publicKey()).toText())) {
                    share = row;
                }
            }
        }
        assertThat(share).as("the node checked its provider in and the epoch paid it").isNotNull();
        assertThat(share.path("share_e9s").asLong()).isGreaterThanOrEqualTo(50 * DCT);
        JsonNode listed = node.get("/api/v1/providers?sort=reputation").body().path("providers");
        assertThat(listed.get(0).path("name").asText()).isEqualTo("Acme");
    }

    @Test
    void governanceChangesTheFeeFailsWithoutQuorumDelegatesAndSpendsTheTreasury() throws Exception {
        ok(carol, new Delegate(alice.publicKey()));
        JsonNode fee_proposal = run(alice, Propose.paramChange("cheaper", "halve the fee", "transfer_fee_e9s", 500_000));
        long fee_id = fee_proposal.path("detail").asLong();
        JsonNode no_quorum = run(bob, Propose.text("nobody cares", ""));
        long quiet_id = no_quorum.path("detail").asLong();
        ok(alice, new Vote(fee_id, Vote.Choice.YES));
        ok(bob, new Vote(fee_id, Vote.Choice.NO));
        JsonNode fee_closed = awaitClosed(fee_id);
        assertThat(fee_closed.path("status").asText()).as(fee_closed.toString()).isEqualTo("executed");
        assertThat(fee_closed.path("yes_e9s").asLong()).as("alice 400 plus carol's delegated 200").isEqualTo(600 * DCT);
        assertThat(awaitClosed(quiet_id).path("status").asText()).isEqualTo("no_quorum");
        long before = node.balance(Account.of(bob.publicKey()));
        ok(bob, new Transfer(null, Account.of(carol.publicKey()), DCT, OptionalLong.empty(), new byte[0]));
        assertThat(node.balance(Account.of(bob.publicKey()))).as("the next transfer pays the new fee").isEqualTo(before - DCT - 500_000);

        long treasury = node.get("/api/v1/treasury").body().path("e9s").asLong();
        assertThat(treasury).isPositive();
        Account grantee = Account.of(KeyPair.generate(new SecureRandom()).publicKey());
        long grant_id = run(bob, Propose.treasuryTransfer("grant", "", grantee, treasury / 2)).path("detail").asLong();
        ok(alice, new Vote(grant_id, Vote.Choice.YES));
        ok(carol, new Vote(grant_id, Vote.Choice.NO));
        JsonNode grant = awaitClosed(grant_id);
        assertThat(grant.path("status").asText()).isEqualTo("executed");
        assertThat(grant.path("no_e9s").asLong()).as("carol's direct vote overrides her delegation").isGreaterThan(190 * DCT);
        assertThat(node.balance(grantee)).isEqualTo(treasury / 2);
        JsonNode late = run(bob, new Vote(grant_id, Vote.Choice.YES));
        assertThat(late.path("error").path("message").asText()).contains("has ended");
    }

    @Test
    void theParameterTableListsEveryTunableWithItsRange() throws Exception {
        JsonNode params = node.get("/api/v1/params").body().path("params");
        assertThat(params).anySatisfy(row -> {
            assertThat(row.path("name").asText()).isEqualTo("punish_multiplier");
            assertThat(row.path("value").asLong()).isEqualTo(2);
            assertThat(row.path("help").asText()).isNotBlank();
        });
        assertThat(node.get("/api/v1/gov/proposals/999").status()).isEqualTo(404);
        assertThat(node.get("/api/v1/providers?sort=price").status()).isEqualTo(400);
        assertThat(node.get("/api/v1/providers/" + Account.of(bob.publicKey()).toText()).status()).isEqualTo(404);
    }
}
