package dcloud.node.compute;

import dcloud.compute.agent.Machine;
import dcloud.ledger.tx.Offering;
import java.util.List;

/**
 * Whether this machine can back an offering: every workload kind it sells must be runnable here
 * (probed), and its vCPUs, memory and GPUs must exist. An agent publishes only what passes, so that
 * developers are never sold what the provider cannot run.
 */
final class OfferingCheck {
    private OfferingCheck() {}

    /** Why this machine cannot back {@code offering}, or null when it can. */
    static String problem(Offering offering, Machine machine, List<String> runnable_kinds) {
        if (offering.workloadKinds().isEmpty()) {
            return "it names no workload_kinds";
        }
        for (String kind : offering.workloadKinds()) {
            if (!runnable_kinds.contains(kind)) {
                return "workload kind '" + kind + "' cannot run here (this machine runs " + runnable_kinds + ")";
            }
        }
        if (offering.vcpu() > machine.cores()) {
            return "it sells " + offering.vcpu() + " vCPUs; this machine has " + machine.cores();
        }
        if (offering.memoryGib() * (1L << 30) > machine.memoryBytes()) {
            return "it sells " + offering.memoryGib() + " GiB of memory; this machine has " + (machine.memoryBytes() >> 30) + " GiB";
        }
        if (offering.gpuCount() > machine.gpus().size()) {
            return "it sells " + offering.gpuCount() + " GPUs; nvidia-smi finds " + machine.gpus().size();
        }
        return null;
    }
}
