package dcloud.ledger.compute;

import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.TxContext;
import dcloud.ledger.market.Contract;
import dcloud.ledger.market.Contracts;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.ReportMismatch;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch-job results and replica checks. A provider posts the SHA-256 of a finished job's result
 * once ({@code 0x7B ‖ contract → hash}). A developer who ran the same job on several providers asks
 * the ledger to compare: the hash more than half of the replicas posted is the majority, and every
 * contract is marked with its verdict ({@code 0x7C ‖ contract → agreed ‖ majority hash}); providers
 * that disagree lose reputation. Without a strict majority nothing is recorded and the tx fails, so
 * the developer can add a tie-breaking replica and report again.
 */
public final class JobResults {
    public static final int HASH_SIZE_BYTES = 32;

    public record Verdict(boolean agreed, byte[] majorityHash) {}

    private JobResults() {}

    private static byte[] resultKey(long contract) {
        return Values.concat(new byte[] {0x7B}, Values.u64(contract));
    }

    private static byte[] verdictKey(long contract) {
        return Values.concat(new byte[] {0x7C}, Values.u64(contract));
    }

    public static byte[] result(StateReader state, long contract) {
        return state.get(resultKey(contract));
    }

    public static Verdict verdict(StateReader state, long contract) {
        byte[] bytes = state.get(verdictKey(contract));
        return bytes == null ? null : new Verdict(bytes[0] == 1, Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    public static TxResult post(Overlay state, byte[] signer, Contract contract, byte[] hash) {
        if (!Arrays.equals(signer, contract.provider())) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only the contract's provider may post result of contract " + contract.id());
        }
        if (hash.length != HASH_SIZE_BYTES) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "data must be the 32-byte SHA-256 of the result, got " + hash.length + " bytes");
        }
        if (contract.startedNs() == 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "contract " + contract.id() + " never started; it has no result");
        }
        if (result(state, contract.id()) != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "contract " + contract.id() + " already has a posted result; it cannot change");
        }
        state.put(resultKey(contract.id()), hash.clone());
        return TxResult.OK;
    }

    public static TxResult report(Overlay state, TxContext context, byte[] signer, ReportMismatch tx) {
        List<Contract> replicas = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (long id : tx.contracts()) {
            Contract c = Contracts.get(state, id);
            String invalid = c == null ? "no contract " + id : checkReplica(state, signer, c, replicas);
            if (invalid != null) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "contracts: " + invalid);
            }
            replicas.add(c);
            hashes.add(result(state, id));
        }
        byte[] majority = majority(hashes);
        if (majority == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "no result hash is held by more than half of the " + replicas.size()
                    + " replicas; run another replica on a different provider and report all of them");
        }
        int disagreeing = 0;
        for (int i = 0; i < replicas.size(); i++) {
            Contract c = replicas.get(i);
            boolean agreed = Arrays.equals(hashes.get(i), majority);
            state.put(verdictKey(c.id()), Values.concat(new byte[] {(byte) (agreed ? 1 : 0)}, majority));
            ComputeNode node = ComputeNodes.get(state, c.provider());
            if (node != null) {
                ComputeNodes.put(state, node.withChecks(node.resultsAgreed() + (agreed ? 1 : 0), node.resultsDisagreed() + (agreed ? 0 : 1)));
            }
            if (!agreed) {
                disagreeing++;
                Reputation.change(state, context.height(), c.provider(), -Params.get(state, Param.COMPUTE_MISMATCH_REPUTATION),
                        Reputation.Cause.RESULT_MISMATCH, signer, "result of contract " + c.id() + " differs from the majority "
                                + Hex.encode(majority));
            }
        }
        return new TxResult(TxStatus.OK, disagreeing + " of " + replicas.size() + " replicas disagree with the majority", disagreeing);
    }

    private static String checkReplica(StateReader state, byte[] signer, Contract c, List<Contract> before) {
        if (!Arrays.equals(signer, c.developer())) {
            return "contract " + c.id() + " is not yours";
        }
        if (result(state, c.id()) == null) {
            return "contract " + c.id() + " has no posted result yet";
        }
        if (verdict(state, c.id()) != null) {
            return "contract " + c.id() + " was already compared";
        }
        for (Contract other : before) {
            if (other.id() == c.id()) {
                return "contract " + c.id() + " is named twice";
            }
            if (Arrays.equals(other.provider(), c.provider())) {
                return "contracts " + other.id() + " and " + c.id() + " have the same provider " + Account.of(c.provider())
                        + "; replicas must run on distinct providers";
            }
            if (!Arrays.equals(other.request(), c.request()) || c.request().length == 0) {
                return "contracts " + other.id() + " and " + c.id() + " are not replicas of one job (their requests differ or are empty)";
            }
        }
        return null;
    }

    /** The hash more than half of {@code hashes} equal, or null. Order-independent and deterministic. */
    static byte[] majority(List<byte[]> hashes) {
        for (byte[] candidate : hashes) {
            int count = 0;
            for (byte[] other : hashes) {
                count += Arrays.equals(candidate, other) ? 1 : 0;
            }
            if (count * 2 > hashes.size()) {
                return candidate;
            }
        }
        return null;
    }
}
