package dcloud.node.market;

import dcloud.core.account.Account;
import dcloud.ledger.market.StoredOffering;
import dcloud.ledger.tx.Offering;

/** One offering as the matcher sees it: the ledger record plus its provider's reputation and text account. */
public record OfferingDoc(StoredOffering stored, long providerReputation, String providerAccount, double reputationLog) {
    public Offering o() {
        return stored.offering();
    }

    public long number() {
        return stored.number();
    }

    public static OfferingDoc of(StoredOffering stored, long reputation) {
        return new OfferingDoc(stored, reputation, Account.of(stored.provider()).toText(),
                Math.log10(1 + (double) reputation / dcloud.core.amount.Amount.E9S_PER_DCT));
    }
}
