package dcloud.ledger.market;

import dcloud.core.account.Account;
import dcloud.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;

/** Where rent is held until it is earned or refunded: an account whose owner is a hash, so nobody can sign for it. */
public final class Escrow {
    public static final Account ACCOUNT = Account.of(Sha256.hash("dcloud/escrow/v1".getBytes(StandardCharsets.US_ASCII)));

    private Escrow() {}
}
