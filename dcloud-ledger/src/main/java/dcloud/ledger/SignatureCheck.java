package dcloud.ledger;

import dcloud.ledger.tx.SignedTx;

/**
 * How the state machine learns whether a tx signature is valid. The answer must be the pure
 * function {@link SignedTx#verifySignature()}; implementations may compute it in parallel
 * ahead of time or remember answers this process already computed, never trust another node.
 */
@FunctionalInterface
public interface SignatureCheck {
    SignatureCheck DIRECT = SignedTx::verifySignature;

    boolean valid(SignedTx tx);
}
