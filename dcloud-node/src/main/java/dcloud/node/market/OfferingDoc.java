package dcloud.node.market;

import dcloud.core.account.Account;
import dcloud.ledger.market.StoredOffering;
import dcloud.ledger.tx.Offering;

/** One offering as the matcher sees it: the ledger record plus its provider's reputation and text account. */
public record OfferingDoc(StoredOffering stored, long providerReputation, String providerAccount) {
    public Offering o() {
        return stored.offering();
    }

    public long number() {
        return stored.number();
    }

    static OfferingDoc of(StoredOffering stored, long reputation) {
        return new OfferingDoc(stored, reputation, Account.of(stored.provider()).toText());
    }
}
