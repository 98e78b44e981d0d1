package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every ICRC-1 / ICRC-2 rule, through the public HTTP API of a running node. */
class TokenRulesApiTest extends OneNodeApiTest {
    static final long DCT = 1_000_000_000L;
    static final long FEE = 1_000_000L;
    static final OptionalLong NO_FEE = OptionalLong.empty();
    static final byte[] NO_MEMO = new byte[0];
    static final SecureRandom random = new SecureRandom();

    static Account account(KeyPair key) {
        return Account.of(key.publicKey());
    }

    static KeyPair funded(long e9s) throws Exception {
        KeyPair key = KeyPair.generate(random);
        JsonNode minted = node.submit(node.sign(node.minter, new Transfer(null, account(key), e9s, NO_FEE, NO_MEMO))).body();
        assertThat(minted.path("status").asText()).isEqualTo("committed");
        return key;
    }

    static JsonNode expectFailure(SignedTx tx, String code) throws Exception {
        TestNode.Response response = node.submit(tx);
        assertThat(response.body().path("status").asText()).as(response.body().toString()).isEqualTo("failed");
        assertThat(response.body().path("error").path("code").asText()).isEqualTo(code);
        return response.body().path("error");
    }

    @Test
    void transferMovesTheAmountAndBurnsTheFee() throws Exception {
        KeyPair alice = funded(10 * DCT);
        Account bob = account(KeyPair.generate(random));
        long burned_before = node.token().path("burned_e9s").asLong();
        JsonNode result = node.submit(node.sign(alice, new Transfer(null, bob, 2 * DCT, OptionalLong.of(FEE), "rent".getBytes()))).body();
        assertThat(result.path("status").asText()).isEqualTo("committed");
        assertThat(node.balance(account(alice))).isEqualTo(8 * DCT - FEE);
        assertThat(node.balance(bob)).isEqualTo(2 * DCT);
        assertThat(node.token().path("burned_e9s").asLong()).isEqualTo(burned_before + FEE);
    }

    @Test
    void rejectsTransferWhenFeeIsWrongAndNamesTheExpectedFee() throws Exception {
        KeyPair alice = funded(DCT);
        JsonNode error = expectFailure(node.sign(alice, new Transfer(null, account(alice), 1, OptionalLong.of(FEE + 1), NO_MEMO)), "BadFee");
        assertThat(error.path("detail").asLong()).isEqualTo(FEE);
        assertThat(node.balance(account(alice))).isEqualTo(DCT);
    }

    @Test
    void rejectsTransferBeyondTheBalanceAndChangesNothing() throws Exception {
        KeyPair alice = funded(DCT);
        Account bob = account(KeyPair.generate(random));
        JsonNode error = expectFailure(node.sign(alice, new Transfer(null, bob, DCT, NO_FEE, NO_MEMO)), "InsufficientFunds");
        assertThat(error.path("detail").asLong()).isEqualTo(DCT);
        assertThat(node.balance(account(alice))).isEqualTo(DCT);
        assertThat(node.balance(bob)).isZero();
    }

    @Test
    void rejectsATransactionOlderThanTheWindow() throws Exception {
        KeyPair alice = funded(DCT);
        long day_and_more_ns = (24L * 3600 + 180) * 1_000_000_000L;
        SignedTx old = SignedTx.sign(alice, node.chain_id, TestNode.nowNs() - day_and_more_ns,
                new Transfer(null, account(alice), 1, NO_FEE, NO_MEMO));
        expectFailure(old, "TooOld");
        assertThat(node.balance(account(alice))).isEqualTo(DCT);
    }

    @Test
    void rejectsATransactionCreatedInTheFutureWithTheLedgerTime() throws Exception {
        KeyPair alice = funded(DCT);
        SignedTx future = SignedTx.sign(alice, node.chain_id, TestNode.nowNs() + 10L * 60 * 1_000_000_000L,
                new Transfer(null, account(alice), 1, NO_FEE, NO_MEMO));
        JsonNode error = expectFailure(future, "CreatedInFuture");
        assertThat(error.path("detail").asLong()).isBetween(TestNode.nowNs() - 60_000_000_000L, TestNode.nowNs());
    }

    @Test
    void rejectsAReplayAsDuplicateNamingTheOriginalBlock() throws Exception {
        KeyPair alice = funded(DCT);
        Account bob = account(KeyPair.generate(random));
        SignedTx tx = node.sign(alice, new Transfer(null, bob, DCT / 2, NO_FEE, NO_MEMO));
        long height = node.submit(tx).body().path("height").asLong();
        TestNode.Response again = node.submit(tx);
        assertThat(again.body().path("status").asText()).isEqualTo("committed");
        assertThat(again.body().path("height").asLong()).as("a replay of a committed tx returns the original").isEqualTo(height);
        SignedTx same_block_twice = node.sign(alice, new Transfer(null, bob, 1, NO_FEE, NO_MEMO));
        TestNode.Response batch = node.post("/api/v1/txs?wait=true", TestNode.JSON.writeValueAsString(java.util.Map.of("txs",
                List.of(dcloud.core.bytes.Hex.encode(same_block_twice.bytes()), dcloud.core.bytes.Hex.encode(same_block_twice.bytes())))));
        assertThat(batch.body().path("results").get(0).path("status").asText()).isEqualTo("committed");
        assertThat(node.balance(bob)).isEqualTo(DCT / 2 + 1);
        assertThat(node.balance(account(alice))).isEqualTo(DCT - DCT / 2 - 1 - 2 * FEE);
    }

    @Test
    void rejectsAMemoLongerThan32BytesAtTheDoor() throws Exception {
        KeyPair alice = funded(DCT);
        byte[] bytes = node.sign(alice, new Transfer(null, account(alice), 1, NO_FEE, new byte[32])).bytes();
        int memo_length_at = bytes.length - 64 - 32 - 4;
        bytes[memo_length_at + 3] = 33;
        TestNode.Response response = node.submitRaw(bytes);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("error").path("message").asText()).contains("memo").contains("exceeds the limit of 32 bytes");
    }

    @Test
    void mintsFromTheMintingAccountWithoutAFeeAndRaisesTheSupply() throws Exception {
        long supply = node.token().path("total_supply_e9s").asLong();
        Account bob = account(KeyPair.generate(random));
        expectFailure(node.sign(node.minter, new Transfer(null, bob, DCT, OptionalLong.of(FEE), NO_MEMO)), "BadFee");
        node.submit(node.sign(node.minter, new Transfer(null, bob, 3 * DCT, NO_FEE, NO_MEMO)));
        assertThat(node.balance(bob)).isEqualTo(3 * DCT);
        assertThat(node.token().path("total_supply_e9s").asLong()).isEqualTo(supply + 3 * DCT);
    }

    @Test
    void burnsToTheMintingAccountAtLeastTheFeeAndLowersTheSupply() throws Exception {
        KeyPair alice = funded(DCT);
        Account minting = account(node.minter);
        JsonNode error = expectFailure(node.sign(alice, new Transfer(null, minting, FEE - 1, NO_FEE, NO_MEMO)), "BadBurn");
        assertThat(error.path("detail").asLong()).isEqualTo(FEE);
        long supply = node.token().path("total_supply_e9s").asLong();
        assertThat(node.submit(node.sign(alice, new Transfer(null, minting, FEE, NO_FEE, NO_MEMO))).body().path("status").asText()).isEqualTo("committed");
        assertThat(node.balance(account(alice))).isEqualTo(DCT - FEE);
        assertThat(node.token().path("total_supply_e9s").asLong()).isEqualTo(supply - FEE);
    }

    @Test
    void subaccountsHoldSeparateBalances() throws Exception {
        KeyPair alice = funded(DCT);
        byte[] sub = new byte[32];
        sub[31] = 7;
        Account alice_sub = Account.of(alice.publicKey(), sub);
        node.submit(node.sign(alice, new Transfer(null, alice_sub, DCT / 2, NO_FEE, NO_MEMO)));
        assertThat(node.balance(alice_sub)).isEqualTo(DCT / 2);
        Account bob = account(KeyPair.generate(random));
        node.submit(node.sign(alice, new Transfer(sub, bob, DCT / 4, NO_FEE, NO_MEMO)));
        assertThat(node.balance(alice_sub)).isEqualTo(DCT / 2 - DCT / 4 - FEE);
        assertThat(node.balance(account(alice))).isEqualTo(DCT - DCT / 2 - FEE);
        assertThat(node.get("/api/v1/accounts/" + alice_sub.toText() + "/history").body().path("txs")).hasSize(2);
    }

    @Test
    void approveSetsTheAllowanceAndTransferFromSpendsIt() throws Exception {
        KeyPair owner = funded(10 * DCT);
        KeyPair spender = funded(DCT);
        Account target = account(KeyPair.generate(random));
        node.submit(node.sign(owner, new Approve(null, account(spender), 3 * DCT, OptionalLong.empty(), OptionalLong.empty(), NO_FEE, NO_MEMO)));
        assertThat(node.balance(account(owner))).as("approve costs the fee").isEqualTo(10 * DCT - FEE);
        JsonNode result = node.submit(node.sign(spender, new TransferFrom(null, account(owner), target, DCT, NO_FEE, NO_MEMO))).body();
        assertThat(result.path("status").asText()).isEqualTo("committed");
        assertThat(node.balance(target)).isEqualTo(DCT);
        assertThat(node.balance(account(owner))).isEqualTo(9 * DCT - 2 * FEE);
        JsonNode allowance = node.get("/api/v1/allowances/" + account(owner).toText() + "/" + account(spender).toText()).body();
        assertThat(allowance.path("allowance_e9s").asLong()).isEqualTo(2 * DCT - FEE);
        JsonNode error = expectFailure(node.sign(spender, new TransferFrom(null, account(owner), target, 2 * DCT, NO_FEE, NO_MEMO)), "InsufficientAllowance");
        assertThat(error.path("detail").asLong()).isEqualTo(2 * DCT - FEE);
    }

    @Test
    void approveWithAStaleExpectedAllowanceFailsWithAllowanceChanged() throws Exception {
        KeyPair owner = funded(DCT);
        Account spender = account(KeyPair.generate(random));
        node.submit(node.sign(owner, new Approve(null, spender, 100, OptionalLong.empty(), OptionalLong.empty(), NO_FEE, NO_MEMO)));
        JsonNode error = expectFailure(node.sign(owner, new Approve(null, spender, 500, OptionalLong.of(99), OptionalLong.empty(), NO_FEE, NO_MEMO)),
                "AllowanceChanged");
        assertThat(error.path("detail").asLong()).isEqualTo(100);
        assertThat(node.submit(node.sign(owner, new Approve(null, spender, 500, OptionalLong.of(100), OptionalLong.empty(), NO_FEE, NO_MEMO)))
                .body().path("status").asText()).isEqualTo("committed");
    }

    @Test
    void approveThatExpiresInThePastFailsAndAnAllowanceLapsesAtItsExpiry() throws Exception {
        KeyPair owner = funded(DCT);
        KeyPair spender = funded(DCT);
        expectFailure(node.sign(owner, new Approve(null, account(spender), 100, OptionalLong.empty(),
                OptionalLong.of(TestNode.nowNs() - 1_000_000_000L), NO_FEE, NO_MEMO)), "Expired");
        node.submit(node.sign(owner, new Approve(null, account(spender), DCT / 2, OptionalLong.empty(),
                OptionalLong.of(TestNode.nowNs() + 1_500_000_000L), NO_FEE, NO_MEMO)));
        Thread.sleep(2_000);
        JsonNode error = expectFailure(node.sign(spender, new TransferFrom(null, account(owner), account(spender), 1, NO_FEE, NO_MEMO)),
                "InsufficientAllowance");
        assertThat(error.path("detail").asLong()).isZero();
    }

    @Test
    void totalSupplyIsMintedMinusBurned() throws Exception {
        funded(7 * DCT);
        JsonNode token = node.token();
        assertThat(token.path("total_supply_e9s").asLong()).isEqualTo(token.path("minted_e9s").asLong() - token.path("burned_e9s").asLong());
        assertThat(token.path("decimals").asInt()).isEqualTo(9);
        assertThat(token.path("fee_e9s").asLong()).isEqualTo(FEE);
    }
}
