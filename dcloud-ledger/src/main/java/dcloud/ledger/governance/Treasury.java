package dcloud.ledger.governance;

import dcloud.core.account.Account;
import dcloud.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The DAO treasury: an ordinary balance whose owner is a hash, not a key, so no transaction can
 * ever be signed for it. It receives registration and check-in fees and part of payment fees, and
 * pays out only when a treasury-transfer proposal is executed by the ledger itself.
 */
public final class Treasury {
    public static final Account ACCOUNT = Account.of(Sha256.hash("dcloud/treasury/v1".getBytes(StandardCharsets.US_ASCII)));

    private Treasury() {}
}
