package dcloud.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.chain.Admission;
import dcloud.chain.ChainNode;
import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Devnet only: mints test DCT by signing a transfer from the minting account, like any other mint. */
final class Faucet {
    static final long AMOUNT_E9S_MAX = 1_000_000L * Amount.E9S_PER_DCT;
    private final ChainNode chain;
    private final KeyPair minting_key;
    private final Submitter submitter;

    Faucet(ChainNode chain, KeyPair minting_key, Submitter submitter) {
        if (!Account.of(minting_key.publicKey()).equals(chain.genesis().mintingAccount())) {
            throw new IllegalArgumentException("faucet key is not the genesis minting account");
        }
        this.chain = chain;
        this.minting_key = minting_key;
        this.submitter = submitter;
    }

    Map<String, Object> handle(JsonNode body, long wait_ms) {
        if (!body.path("account").isTextual()) {
            throw ApiError.badRequest("account is required: the account text to fund");
        }
        Account to = ApiServer.account(body.get("account").asText(), "account");
        if (!body.path("amount").isTextual()) {
            throw ApiError.badRequest("amount is required: a decimal DCT amount as a string, e.g. \"100\"");
        }
        long e9s;
        try {
            e9s = Amount.parseDct(body.get("amount").asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("amount: " + e.getMessage());
        }
        if (e9s <= 0 || e9s > AMOUNT_E9S_MAX) {
            throw ApiError.badRequest("amount must be above 0 and at most " + Amount.display(AMOUNT_E9S_MAX));
        }
        long now_ns = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L;
        SignedTx tx = SignedTx.sign(minting_key, chain.genesis().chainId(), Math.abs(now_ns),
                new Transfer(null, to, e9s, OptionalLong.empty(), new byte[0]));
        Admission admission = submitter.admit(List.of(tx)).get(0);
        if (admission.status() == Admission.Status.BUSY) {
            throw ApiError.busy(admission.message());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", to.toText());
        out.putAll(Views.amount("", e9s));
        out.putAll(submitter.await(tx, admission, true, wait_ms));
        return out;
    }
}
