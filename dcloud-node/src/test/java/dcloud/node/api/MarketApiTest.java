package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.PublishOffering;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.TxBody;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offerings, the matcher with --explain, and contracts through the HTTP API of a running node. */
class MarketApiTest {
    static final long DCT = 1_000_000_000L;
    @TempDir
    static Path dir;
    static TestNode node;
    static final KeyPair veteran = KeyPair.generate(new SecureRandom());
    static final KeyPair newcomer = KeyPair.generate(new SecureRandom());
    static final KeyPair dev = KeyPair.generate(new SecureRandom());
    static final KeyPair dev2 = KeyPair.generate(new SecureRandom());
    static long a;
    static long b;
    static long c;
    static long d;
    static long fresh;

    static Offering offering(String id, String type, int vcpu, long memory, String gpu, int gpus, String confidential, String country,
                             double lat, double lon, long price_e9s, int capacity) {
        return new Offering(id, id + " box", type, vcpu, memory, type.equals("storage") ? "hdd" : "nvme", 100, 1000, 0, gpu, gpus,
                gpus * 80, confidential, country, "", Math.round(lat * 1e6), Math.round(lon * 1e6), price_e9s, 1, 100,
                List.of("vm"), capacity, List.of(), List.of("ubuntu-24.04"));
    }

    static JsonNode ok(KeyPair key, TxBody body) throws Exception {
        JsonNode result = node.submit(node.sign(key, body)).body();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
        return result;
    }

    @BeforeAll
    static void start() throws Exception {
        List<Genesis.Allocation> money = new ArrayList<>();
        for (KeyPair key : List.of(veteran, newcomer, dev, dev2)) {
            money.add(new Genesis.Allocation(Account.of(key.publicKey()), 10_000 * DCT));
        }
        node = new TestNode(dir, money);
        ProviderProfile profile = new ProviderProfile("P", "P AG", "DE", "p@p.example", "https://p.example", 9990, "");
        ok(veteran, new RegisterProvider(profile, false));
        ok(newcomer, new RegisterProvider(profile, false));
        ok(dev, new RegisterUser("dev", ""));
        a = ok(veteran, new PublishOffering(offering("a", "gpu", 4, 16, "H100", 2, "sev-snp", "DE", 50.1, 8.7, DCT / 5, 1))).path("detail").asLong();
        b = ok(veteran, new PublishOffering(offering("b", "compute", 8, 32, "", 0, "none", "FR", 48.9, 2.3, 3 * DCT / 5, 5))).path("detail").asLong();
        c = ok(veteran, new PublishOffering(offering("c", "compute", 2, 4, "", 0, "none", "US", 40.7, -74.0, DCT / 10, 5))).path("detail").asLong();
        d = ok(veteran, new PublishOffering(offering("d", "storage", 0, 0, "", 0, "none", "DE", 52.5, 13.4, DCT / 20, 5))).path("detail").asLong();
        fresh = ok(newcomer, new PublishOffering(offering("n", "compute", 8, 32, "", 0, "none", "FR", 48.9, 2.3, 3 * DCT / 5, 5))).path("detail").asLong();
        for (int i = 0; i < 30; i++) {
            ok(dev, new Pay(veteran.publicKey(), 10 * DCT + i, new byte[0]));
        }
        ok(dev, new Pay(newcomer.publicKey(), 10 * DCT, new byte[0]));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode search(String params) throws Exception {
        TestNode.Response response = node.get("/api/v1/market/search?" + params);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    static List<Long> numbers(JsonNode matches) {
        List<Long> out = new ArrayList<>();
        matches.forEach(m -> out.add(m.path("number").asLong()));
        return out;
    }

    @Test
    void flagsFilterAndExplainNamesTheFailedRequirementOfEveryOtherOffering() throws Exception {
        JsonNode result = search("vcpu=4&max_price=0.5&country=DE,FR&explain=true");
        assertThat(numbers(result.path("matches"))).containsExactly(a);
        JsonNode rejected = result.path("explain").path("rejected");
        Map<Long, List<String>> why = new java.util.HashMap<>();
        rejected.forEach(r -> {
            List<String> reasons = new ArrayList<>();
            r.path("failed").forEach(x -> reasons.add(x.asText()));
            why.put(r.path("number").asLong(), reasons);
        });
        assertThat(why.get(b)).containsExactly("price <= 0.5 DCT/h");
        assertThat(why.get(c)).containsExactly("vcpu >= 4 ", "country in [DE, FR]");
        assertThat(why.get(d)).containsExactly("vcpu >= 4 ");
        assertThat(why.get(fresh)).containsExactly("price <= 0.5 DCT/h");
        JsonNode totals = result.path("explain").path("rejected_by_requirement");
        assertThat(totals.path("price <= 0.5 DCT/h").asInt()).isEqualTo(2);
        assertThat(totals.path("vcpu >= 4 ").asInt()).isEqualTo(2);
        assertThat(totals.path("country in [DE, FR]").asInt()).isEqualTo(1);
        assertThat(result.path("explain").path("total_rejected").asInt()).isEqualTo(4);
    }

    @Test
    void theQueryLanguageCombinesRangesListsAndNegationAndTheIndexFollowsTheLedger() throws Exception {
        String query = java.net.URLEncoder.encode("price:[0.1 TO 0.5] country:(DE OR FR) gpu:H100 !stock:none", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(numbers(search("q=" + query).path("matches"))).containsExactly(a);
        long contract = ok(dev2, new Rent(a, 2, new byte[32], new byte[0])).path("detail").asLong();
        JsonNode after = search("q=" + query + "&explain=true");
        assertThat(after.path("total_matched").asInt()).as("the only slot is taken").isZero();
        assertThat(after.path("explain").path("rejected_by_requirement").path("not stock none").asInt()).isGreaterThanOrEqualTo(1);
        TestNode.Response cancel_by_stranger = node.submit(node.sign(dev, ContractAction.of(ContractAction.Action.CANCEL, contract)));
        assertThat(cancel_by_stranger.body().path("error").path("message").asText()).contains("only the contract's developer");
        ok(veteran, new ContractAction(ContractAction.Action.REJECT, contract, 0, "maintenance", new byte[0]));
        assertThat(numbers(search("q=" + query).path("matches"))).containsExactly(a);
        JsonNode shown = node.get("/api/v1/contracts/" + contract).body();
        assertThat(shown.path("close_reason").asText()).isEqualTo("rejected");
        assertThat(shown.path("refunded_e9s").asLong()).isEqualTo(2 * DCT / 5);
    }

    @Test
    void aProviderWithHundredsOfPaymentsOutranksANewcomerAtTheSamePrice() throws Exception {
        JsonNode result = search("q=type:compute%20country:FR");
        assertThat(numbers(result.path("matches"))).containsExactly(b, fresh);
        assertThat(result.path("matches").get(0).path("score").asDouble()).isGreaterThan(result.path("matches").get(1).path("score").asDouble());
        JsonNode near = search("q=type:compute&near=48.85,2.35");
        Map<Long, Long> km = new java.util.HashMap<>();
        near.path("matches").forEach(m -> km.put(m.path("number").asLong(), m.path("distance_km").asLong()));
        assertThat(km.get(b)).as("Paris to Paris").isLessThan(100);
        assertThat(km.get(c)).as("Paris to New York").isGreaterThan(5_000);
    }

    @Test
    void badSearchesAndUnknownThingsGetClearErrors() throws Exception {
        assertThat(node.get("/api/v1/market/search?q=colour:red").body().path("error").path("message").asText()).contains("unknown query field 'colour'");
        assertThat(node.get("/api/v1/market/search?q=price:%5B1%20TO").body().path("error").path("message").asText()).contains("unbalanced");
        assertThat(node.get("/api/v1/market/search?region=mars").body().path("error").path("message").asText()).contains("region must be one of");
        assertThat(node.get("/api/v1/market/search?vcpu=many").body().path("error").path("message").asText()).contains("vcpu must be a number");
        assertThat(node.get("/api/v1/market/search?near=x").body().path("error").path("message").asText()).contains("near must be LAT,LON");
        assertThat(node.get("/api/v1/offerings/999").status()).isEqualTo(404);
        assertThat(node.get("/api/v1/contracts/999").status()).isEqualTo(404);
        assertThat(node.get("/api/v1/offerings/" + a).body().path("gpu_model").asText()).isEqualTo("H100");
        assertThat(Hex.encode(new byte[] {2})).isEqualTo("02");
    }
}
