package dcloud.ledger.governance;

import dcloud.core.account.Account;
import dcloud.core.amount.Amount;
import dcloud.ledger.TxContext;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.BalanceSnapshots;
import dcloud.ledger.token.Payments;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.Delegate;
import dcloud.ledger.tx.Propose;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import dcloud.ledger.tx.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The DAO: proposals (text, parameter change, treasury transfer), votes weighted by the voter's
 * balance at the proposal's snapshot (so moving tokens cannot vote twice), one level of delegation
 * that a direct vote overrides, and automatic execution at the first block after voting ends.
 * Keys: {@code 0x50 ‖ id → proposal}, {@code 0x51 → next id}, {@code 0x52 ‖ end ‖ id → open},
 * {@code 0x54 ‖ id ‖ voter → choice}, {@code 0x55 ‖ delegator → delegate}.
 */
public final class Governance {
    public static final int VOTES_MAX = 100_000;
    public static final int DELEGATIONS_MAX = 100_000;
    public static final int CLOSED_PER_BLOCK_MAX = 8;
    private static final byte[] NEXT_ID = {0x51};
    private static final byte PROPOSAL = 0x50;
    private static final byte OPEN = 0x52;
    private static final byte VOTE = 0x54;
    private static final byte DELEGATION = 0x55;
    private static final byte[] NOBODY = new byte[32];

    private Governance() {}

    private static byte[] proposalKey(long id) {
        return Values.concat(new byte[] {PROPOSAL}, Values.u64(id));
    }

    public static Proposal proposal(StateReader state, long id) {
        byte[] bytes = state.get(proposalKey(id));
        return bytes == null ? null : Proposal.decode(bytes);
    }

    public static long proposalCount(StateReader state) {
        return Values.u64OrZero(state.get(NEXT_ID));
    }

    public static TxResult propose(Overlay state, TxContext context, byte[] signer, Propose tx) {
        String invalid = validate(state, tx);
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        long balance = TokenState.balance(state, Account.of(signer));
        long minimum = Params.get(state, Param.GOV_PROPOSAL_MIN_BALANCE_E9S);
        if (balance < minimum) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, balance, "a proposer must hold at least " + Amount.display(minimum));
        }
        long id = proposalCount(state);
        if (!BalanceSnapshots.start(state, id)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "too many open proposals (" + BalanceSnapshots.OPEN_MAX + "); wait for one to close");
        }
        long end = Math.addExact(context.blockTimeNs(), Math.multiplyExact(Params.get(state, Param.GOV_VOTING_PERIOD_S), 1_000_000_000L));
        Proposal proposal = new Proposal(id, signer, tx.proposalKind(), tx.title(), tx.description(), tx.paramName(), tx.value(),
                tx.recipient(), context.height(), end, TokenState.totalSupply(state), Proposal.Status.OPEN, 0, 0, 0, "");
        state.put(proposalKey(id), proposal.encode());
        state.put(NEXT_ID, Values.u64(id + 1));
        state.put(Values.concat(new byte[] {OPEN}, Values.u64(end), Values.u64(id)), new byte[0]);
        return new TxResult(TxStatus.OK, "proposal " + id, id);
    }

    static String validate(StateReader state, Propose tx) {
        if (tx.title().isBlank() || tx.title().length() > Propose.TITLE_SIZE_BYTES_MAX) {
            return "title must be 1 to " + Propose.TITLE_SIZE_BYTES_MAX + " characters";
        }
        return switch (tx.proposalKind()) {
            case TEXT -> null;
            case PARAM_CHANGE -> {
                Param param = Param.byName(tx.paramName());
                yield param == null ? "param '" + tx.paramName() + "' is unknown (see dcloud params)" : param.check(tx.value());
            }
            case TREASURY_TRANSFER -> tx.value() <= 0 ? "amount must be positive" : null;
        };
    }

    public static TxResult vote(Overlay state, TxContext context, byte[] signer, Vote tx) {
        Proposal proposal = proposal(state, tx.proposalId());
        if (proposal == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "no proposal " + tx.proposalId());
        }
        if (proposal.status() != Proposal.Status.OPEN || context.blockTimeNs() >= proposal.endNs()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, proposal.endNs(), "voting on proposal " + tx.proposalId() + " has ended");
        }
        byte[] key = Values.concat(new byte[] {VOTE}, Values.u64(tx.proposalId()), signer);
        if (state.get(key) != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "already voted on proposal " + tx.proposalId());
        }
        state.put(key, new byte[] {(byte) tx.choice().tag});
        return TxResult.OK;
    }

    public static TxResult delegate(Overlay state, TxContext context, byte[] signer, Delegate tx) {
        byte[] key = Values.concat(new byte[] {DELEGATION}, signer);
        if (Arrays.equals(tx.delegate(), NOBODY)) {
            state.delete(key);
            return TxResult.OK;
        }
        if (Arrays.equals(tx.delegate(), signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "you cannot delegate to yourself");
        }
        state.put(key, tx.delegate());
        return TxResult.OK;
    }

    public static byte[] delegateOf(StateReader state, byte[] owner) {
        return state.get(Values.concat(new byte[] {DELEGATION}, owner));
    }

    /** Tallies and executes proposals whose voting ended before {@code block_time_ns}. */
    public static void closeEnded(Overlay state, long block_time_ns) {
        List<byte[]> ended = new ArrayList<>();
        state.scan(new byte[] {OPEN}, CLOSED_PER_BLOCK_MAX, (key, value) -> {
            if (Values.u64(key, 1) > block_time_ns) {
                return false;
            }
            ended.add(key);
            return true;
        });
        for (byte[] key : ended) {
            state.delete(key);
            close(state, Values.u64(key, 9));
        }
    }

    static void close(Overlay state, long id) {
        Proposal proposal = proposal(state, id);
        long[] tally = tally(state, id);
        long cast = tally[0] + tally[1] + tally[2];
        long quorum = Math.multiplyExact(proposal.snapshotSupplyE9s(), Params.get(state, Param.GOV_QUORUM_BPS)) / 10_000;
        Proposal closed;
        if (cast < quorum || cast == 0) {
            closed = proposal.closed(Proposal.Status.NO_QUORUM, tally[0], tally[1], tally[2],
                    Amount.display(cast) + " voted, quorum is " + Amount.display(quorum));
        } else if (java.math.BigInteger.valueOf(tally[0]).multiply(java.math.BigInteger.valueOf(10_000)).compareTo(
                java.math.BigInteger.valueOf(tally[0] + tally[1]).multiply(java.math.BigInteger.valueOf(Params.get(state, Param.GOV_THRESHOLD_BPS)))) <= 0) {
            closed = proposal.closed(Proposal.Status.REJECTED, tally[0], tally[1], tally[2], "yes did not pass the threshold");
        } else {
            String failure = execute(state, proposal);
            closed = proposal.closed(failure == null ? Proposal.Status.EXECUTED : Proposal.Status.EXECUTION_FAILED, tally[0], tally[1], tally[2],
                    failure == null ? "executed" : failure);
        }
        state.put(proposalKey(id), closed.encode());
        BalanceSnapshots.stop(state, id, 1_000_000);
    }

    /** yes, no, abstain: each direct voter's snapshot balance, plus delegators who did not vote themselves. */
    static long[] tally(StateReader state, long id) {
        TreeMap<byte[], Integer> choices = new TreeMap<>(Arrays::compareUnsigned);
        byte[] vote_prefix = Values.concat(new byte[] {VOTE}, Values.u64(id));
        state.scan(vote_prefix, VOTES_MAX, (key, value) -> {
            choices.put(Arrays.copyOfRange(key, vote_prefix.length, key.length), (int) value[0]);
            return true;
        });
        long[] tally = new long[3];
        for (var vote : choices.entrySet()) {
            tally[vote.getValue() - 1] = Math.addExact(tally[vote.getValue() - 1], BalanceSnapshots.balanceAt(state, id, vote.getKey()));
        }
        state.scan(new byte[] {DELEGATION}, DELEGATIONS_MAX, (key, delegate) -> {
            byte[] delegator = Arrays.copyOfRange(key, 1, key.length);
            Integer choice = choices.get(delegate);
            if (choice != null && !choices.containsKey(delegator)) {
                tally[choice - 1] = Math.addExact(tally[choice - 1], BalanceSnapshots.balanceAt(state, id, delegator));
            }
            return true;
        });
        return tally;
    }

    /** Null when executed; otherwise why it could not be. */
    static String execute(Overlay state, Proposal proposal) {
        switch (proposal.kind()) {
            case TEXT -> {
                return null;
            }
            case PARAM_CHANGE -> {
                Param param = Param.byName(proposal.param());
                String invalid = param == null ? "unknown parameter" : param.check(proposal.value());
                if (invalid == null) {
                    Params.set(state, param, proposal.value());
                }
                return invalid;
            }
            case TREASURY_TRANSFER -> {
                TxResult moved = Payments.move(state, Treasury.ACCOUNT, proposal.recipient(), proposal.value());
                return moved.ok() ? null : "treasury: " + moved.message();
            }
        }
        return "unknown proposal kind";
    }

    public static List<Proposal> list(StateReader state, int limit) {
        List<Proposal> out = new ArrayList<>();
        for (long id = proposalCount(state) - 1; id >= 0 && out.size() < limit; id--) {
            out.add(proposal(state, id));
        }
        return out;
    }

    public static byte[] voteOf(StateReader state, long id, byte[] voter) {
        return state.get(Values.concat(new byte[] {VOTE}, Values.u64(id), voter));
    }
}
