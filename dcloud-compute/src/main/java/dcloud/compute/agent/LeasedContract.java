package dcloud.compute.agent;

import java.util.List;

/**
 * A rental contract as the agent sees it: who rented which offering, the developer's account and
 * X25519 access key (what the agent encrypts endpoints, logs and results to), the public request,
 * and the workload kinds the offering sells.
 */
public record LeasedContract(long id, long offering, State state, byte[] developer, byte[] accessKey, byte[] request,
                             List<String> offeringKinds) {
    public enum State { REQUESTED, ACTIVE, CLOSED }

    public LeasedContract {
        offeringKinds = List.copyOf(offeringKinds);
    }
}
