package dcloud.node.provider;

import dcloud.ledger.tx.CheckIn;

/**
 * What the check-in agent reads and sends: the node's own chain on a validator
 * ({@link ChainCheckInLedger}), the validators' API on a storage or compute node
 * ({@link ApiCheckInLedger}).
 */
public interface CheckInLedger {
    /** The current reward epoch, whether the provider checked in for it, and a recent block hash to sign. */
    record Standing(long epoch, boolean checkedIn, byte[] recentBlockHash) {}

    /** The provider's standing, or null while it is not a registered provider. */
    Standing standing() throws Exception;

    /** Signs {@code check_in} with the provider key and hands it to the ledger; returns the admission, for the log. */
    String send(CheckIn check_in) throws Exception;
}
