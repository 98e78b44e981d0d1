package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;

/** Where storage payments wait for their epoch's proof: an account whose owner is a hash, so nobody can sign for it. */
public final class StorageEscrow {
    public static final Account ACCOUNT = Account.of(Sha256.hash("dcloud/storage-escrow/v1".getBytes(StandardCharsets.US_ASCII)));

    private StorageEscrow() {}
}
