package dcloud.compute.agent;

import java.io.IOException;
import java.util.List;

/**
 * What the agent needs from the ledger, kept apart from how it is reached (the node implements it
 * over the validators' HTTP API with failover). All calls may block briefly; failures are
 * IOExceptions and the agent retries at its next tick.
 */
public interface ComputeLedger {
    /** This provider's contracts that are requested or active, newest first (bounded by the implementation). */
    List<LeasedContract> openContracts() throws IOException;

    /** One contract by id, in whatever state, or null if there is none. */
    LeasedContract contract(long id) throws IOException;

    void accept(long contract) throws IOException;

    void reject(long contract, String reason) throws IOException;

    void postAccess(long contract, byte[] sealed) throws IOException;

    void postResult(long contract, byte[] sha256) throws IOException;
}
