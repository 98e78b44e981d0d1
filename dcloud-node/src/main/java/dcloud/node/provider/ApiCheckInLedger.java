package dcloud.node.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.client.ApiException;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.CheckIn;

/** Check-ins of a node without the validator role, through the validators' API. */
public final class ApiCheckInLedger implements CheckInLedger {
    private final LedgerLink ledger;

    public ApiCheckInLedger(LedgerLink ledger) {
        this.ledger = ledger;
    }

    @Override
    public Standing standing() throws ApiException {
        JsonNode provider;
        try {
            provider = ledger.get("/api/v1/providers/" + Account.of(ledger.key().publicKey()).toText());
        } catch (ApiException e) {
            if (e.http_status == 404) {
                return null;
            }
            throw e;
        }
        JsonNode check_in = provider.path("check_in");
        String hash = ledger.get("/api/v1/status").path("last_block_hash").asText();
        return new Standing(check_in.path("epoch").asLong(), check_in.path("checked_in").asBoolean(), Hex.decode(hash));
    }

    @Override
    public String send(CheckIn check_in) throws ApiException {
        return "admitted tx=" + ledger.send(check_in).hashHex();
    }
}
