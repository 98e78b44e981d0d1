package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.SealedBox;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.ContractAction;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.PublishOffering;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.Rent;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract states and close reasons on a running node, balances to the e9s. (Natural expiry needs a
 * full hour of ledger time and is checked at the state machine, in MarketTest.)
 */
class ContractLifecycleApiTest {
    static final long DCT = 1_000_000_000L;
    @TempDir
    static Path dir;
    static TestNode node;
    static final KeyPair provider = KeyPair.generate(new SecureRandom());
    static final KeyPair dev = KeyPair.generate(new SecureRandom());
    static final KeyPair other = KeyPair.generate(new SecureRandom());
    static long offering;

    @BeforeAll
    static void start() throws Exception {
        node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(dev.publicKey()), 1_000 * DCT), new Genesis.Allocation(Account.of(other.publicKey()), 1_000 * DCT)),
                config -> config, Map.of("market_request_timeout_s", 10L, "epoch_length_s", 3600L));
        ok(provider, new RegisterProvider(new ProviderProfile("P", "P SA", "BE", "p@p.example", "https://p.example", 9990, ""), false));
        offering = ok(provider, new PublishOffering(new Offering("box", "box", "compute", 2, 4, "ssd", 50, 100, 0, "", 0, 0, "none", "BE", "",
                0, 0, 3 * DCT, 1, 48, List.of("vm"), 3, List.of(), List.of()))).path("detail").asLong();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static JsonNode ok(KeyPair key, TxBody body) throws Exception {
        JsonNode result = node.submit(node.sign(key, body)).body();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
        return result;
    }

    static JsonNode contract(long id) throws Exception {
        return node.get("/api/v1/contracts/" + id).body();
    }

    static long balance(KeyPair key) throws Exception {
        return node.balance(Account.of(key.publicKey()));
    }

    static long rent(KeyPair who, long hours) throws Exception {
        byte[] access_key = SealedBox.accessKeyFor(who).publicKey();
        return ok(who, new Rent(offering, hours, access_key, "ssh-ed25519 AAAA".getBytes(StandardCharsets.UTF_8))).path("detail").asLong();
    }

    @Test
    void rentAcceptSealedAccessExtendAndCancelMoveEveryE9sWhereItBelongs() throws Exception {
        long dev_before = balance(dev);
        long provider_before = balance(provider);
        long id = rent(dev, 2);
        assertThat(contract(id).path("state").asText()).isEqualTo("requested");
        assertThat(contract(id).path("escrow_e9s").asLong()).isEqualTo(6 * DCT);
        assertThat(balance(dev)).isEqualTo(dev_before - 6 * DCT);
        ok(provider, ContractAction.of(ContractAction.Action.ACCEPT, id));
        assertThat(contract(id).path("state").asText()).isEqualTo("active");
        byte[] sealed = SealedBox.seal(SealedBox.accessKeyFor(dev).publicKey(), "ssh root@198.51.100.9".getBytes(StandardCharsets.UTF_8), new SecureRandom());
        ok(provider, new ContractAction(ContractAction.Action.POST_ACCESS, id, 0, "", sealed));
        byte[] posted = dcloud.core.bytes.Hex.decode(contract(id).path("access_sealed").asText());
        assertThat(new String(SealedBox.open(SealedBox.accessKeyFor(dev), posted), StandardCharsets.UTF_8)).isEqualTo("ssh root@198.51.100.9");
        ok(dev, new ContractAction(ContractAction.Action.EXTEND, id, 3, "", new byte[0]));
        JsonNode extended = contract(id);
        assertThat(extended.path("hours").asLong()).isEqualTo(5);
        assertThat(extended.path("escrow_e9s").asLong() + extended.path("paid_e9s").asLong())
                .as("the extension settled the time so far and escrowed 3 h more at the locked price").isEqualTo(15 * DCT);
        ok(dev, ContractAction.of(ContractAction.Action.CANCEL, id));
        JsonNode closed = contract(id);
        long paid = closed.path("paid_e9s").asLong();
        assertThat(closed.path("close_reason").asText()).isEqualTo("cancelled");
        assertThat(paid + closed.path("refunded_e9s").asLong()).isEqualTo(15 * DCT);
        assertThat(paid).as("a few seconds of a 3 DCT/h contract").isBetween(1L, 30_000_000L);
        assertThat(balance(dev)).isEqualTo(dev_before - paid);
        assertThat(balance(provider) - provider_before).as("paid minus the 2% fee, floored at each of at most 3 settlements")
                .isBetween(paid - paid * 200 / 10_000, paid - paid * 200 / 10_000 + 3);
    }

    @Test
    void rejectionRequestExpiryAndTerminationEachCloseWithTheirOwnReasonAndRefund() throws Exception {
        long rejected = rent(other, 1);
        ok(provider, new ContractAction(ContractAction.Action.REJECT, rejected, 0, "full", new byte[0]));
        long unanswered = rent(other, 1);
        long terminated = rent(other, 4);
        ok(provider, ContractAction.of(ContractAction.Action.ACCEPT, terminated));
        ok(provider, new ContractAction(ContractAction.Action.TERMINATE, terminated, 0, "disk failure", new byte[0]));
        long deadline = System.currentTimeMillis() + 25_000;
        while (!contract(unanswered).path("state").asText().equals("closed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(contract(rejected).path("close_reason").asText()).isEqualTo("rejected");
        assertThat(contract(rejected).path("refunded_e9s").asLong()).isEqualTo(3 * DCT);
        assertThat(contract(unanswered).path("close_reason").asText()).isEqualTo("request_expired");
        assertThat(contract(unanswered).path("refunded_e9s").asLong()).isEqualTo(3 * DCT);
        JsonNode ended = contract(terminated);
        assertThat(ended.path("close_reason").asText()).isEqualTo("terminated");
        assertThat(ended.path("paid_e9s").asLong() + ended.path("refunded_e9s").asLong()).isEqualTo(12 * DCT);
        JsonNode history = node.get("/api/v1/reputation/" + Account.of(provider.publicKey()).toText()).body().path("history");
        assertThat(history.toString()).contains("terminated contract " + terminated).contains("disk failure");
    }

    @Test
    void concurrentRequestsForTheLastSlotLetExactlyOneWin() throws Exception {
        long one_slot = ok(provider, new PublishOffering(new Offering("last", "last", "compute", 1, 1, "ssd", 10, 100, 0, "", 0, 0, "none", "BE",
                "", 0, 0, DCT, 1, 10, List.of("vm"), 1, List.of(), List.of()))).path("detail").asLong();
        List<KeyPair> developers = List.of(KeyPair.generate(new SecureRandom()), KeyPair.generate(new SecureRandom()),
                KeyPair.generate(new SecureRandom()), KeyPair.generate(new SecureRandom()));
        for (KeyPair developer : developers) {
            ok(node.minter, new dcloud.ledger.tx.Transfer(null, Account.of(developer.publicKey()), 10 * DCT, java.util.OptionalLong.empty(), new byte[0]));
        }
        List<CompletableFuture<JsonNode>> racing = developers.stream().map(developer -> CompletableFuture.supplyAsync(() -> {
            try {
                SignedTx tx = node.sign(developer, new Rent(one_slot, 1, new byte[32], new byte[0]));
                return node.submit(tx).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        List<JsonNode> results = racing.stream().map(CompletableFuture::join).toList();
        assertThat(results.stream().filter(r -> r.path("status").asText().equals("committed"))).hasSize(1);
        assertThat(results.stream().filter(r -> r.path("error").path("message").asText().contains("fully booked"))).hasSize(3);
        long refunded_ok = developers.stream().filter(d -> {
            try {
                return balance(d) == 10 * DCT;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
        assertThat(refunded_ok).as("the losers paid nothing").isEqualTo(3);
    }
}
