package dcloud.ledger.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.Delegate;
import dcloud.ledger.tx.Propose;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.Vote;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Proposals, snapshot-weighted votes, delegation, quorum, threshold and self-execution. */
class GovernanceTest {
    static final long DCT = 1_000_000_000L;
    /** Four holders of 100 DCT each: supply 400 DCT, quorum (20%) 80 DCT, voting 60 s. */
    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 4, 100 * DCT, Map.of("gov_voting_period_s", 60L));
    final KeyPair a = chain.users.get(0);
    final KeyPair b = chain.users.get(1);
    final KeyPair c = chain.users.get(2);
    final KeyPair d = chain.users.get(3);

    long propose(KeyPair who, Propose proposal) {
        TxResult result = chain.run(who, proposal);
        assertThat(result.ok()).as(result.message()).isTrue();
        return result.detail();
    }

    Proposal endVoting(long id) {
        chain.applyAfter(61, List.of());
        return Governance.proposal(chain.store, id);
    }

    @Test
    void anAcceptedParameterChangeExecutesAndTheNextTransferPaysTheNewFee() {
        long id = propose(a, Propose.paramChange("cheaper transfers", "", "transfer_fee_e9s", 500_000));
        chain.run(a, new Vote(id, Vote.Choice.YES));
        chain.run(b, new Vote(id, Vote.Choice.YES));
        chain.run(c, new Vote(id, Vote.Choice.NO));
        Proposal closed = endVoting(id);
        assertThat(closed.status()).isEqualTo(Proposal.Status.EXECUTED);
        assertThat(closed.yesE9s()).isEqualTo(200 * DCT);
        assertThat(closed.noE9s()).isEqualTo(100 * DCT);
        assertThat(Params.get(chain.store, Param.TRANSFER_FEE_E9S)).isEqualTo(500_000);
        long before = chain.balance(d);
        assertThat(chain.run(d, new Transfer(null, Account.of(a.publicKey()), DCT, OptionalLong.empty(), new byte[0])).ok()).isTrue();
        assertThat(chain.balance(d)).isEqualTo(before - DCT - 500_000);
    }

    @Test
    void aProposalWithoutQuorumChangesNothing() {
        chain.run(d, new Transfer(null, Account.of(a.publicKey()), 50 * DCT, OptionalLong.empty(), new byte[0]));
        long id = propose(a, Propose.paramChange("fee up", "", "transfer_fee_e9s", 9_000_000));
        chain.run(d, new Vote(id, Vote.Choice.YES));
        Proposal closed = endVoting(id);
        assertThat(closed.yesE9s()).as("d's ~50 DCT is below the 80 DCT quorum").isLessThan(closed.snapshotSupplyE9s() / 5);
        assertThat(closed.status()).isEqualTo(Proposal.Status.NO_QUORUM);
        assertThat(closed.outcome()).contains("quorum is");
        assertThat(Params.get(chain.store, Param.TRANSFER_FEE_E9S)).isEqualTo(LedgerFixture.FEE);
    }

    @Test
    void votingPowerIsTheBalanceAtTheSnapshotSoMovedTokensCannotVoteTwice() {
        long id = propose(a, Propose.text("hello", "world"));
        chain.run(b, new Vote(id, Vote.Choice.YES));
        chain.run(b, new Transfer(null, Account.of(c.publicKey()), 90 * DCT, OptionalLong.empty(), new byte[0]));
        chain.run(c, new Vote(id, Vote.Choice.NO));
        Proposal closed = endVoting(id);
        assertThat(closed.yesE9s()).isEqualTo(100 * DCT);
        assertThat(closed.noE9s()).as("c votes with its 100 DCT at the snapshot, not the 190 it holds now").isEqualTo(100 * DCT);
        assertThat(closed.status()).isEqualTo(Proposal.Status.REJECTED);
    }

    @Test
    void delegatedPowerFollowsTheDelegateUnlessTheDelegatorVotesDirectly() {
        chain.run(b, new Delegate(a.publicKey()));
        chain.run(c, new Delegate(a.publicKey()));
        long id = propose(d, Propose.text("delegation", ""));
        chain.run(a, new Vote(id, Vote.Choice.YES));
        chain.run(c, new Vote(id, Vote.Choice.NO));
        Proposal closed = endVoting(id);
        assertThat(closed.yesE9s()).as("a plus b's delegated 100").isEqualTo(200 * DCT);
        assertThat(closed.noE9s()).as("c overrides its delegation").isEqualTo(100 * DCT);
        assertThat(chain.run(b, new Delegate(b.publicKey())).message()).contains("cannot delegate to yourself");
    }

    @Test
    void anExecutedTreasuryTransferIsTheOnlyWayOutOfTheTreasury() {
        chain.run(a, new RegisterUser("a", ""));
        chain.run(b, new RegisterUser("b", ""));
        assertThat(TokenState.balance(chain.store, Treasury.ACCOUNT)).isEqualTo(DCT);
        Account grantee = Account.of(LedgerFixture.key(999).publicKey());
        long id = propose(c, Propose.treasuryTransfer("grant", "research", grantee, DCT / 2));
        chain.run(c, new Vote(id, Vote.Choice.YES));
        chain.run(d, new Vote(id, Vote.Choice.YES));
        assertThat(endVoting(id).status()).isEqualTo(Proposal.Status.EXECUTED);
        assertThat(TokenState.balance(chain.store, grantee)).isEqualTo(DCT / 2);
        assertThat(TokenState.balance(chain.store, Treasury.ACCOUNT)).isEqualTo(DCT / 2);
        long too_much = propose(c, Propose.treasuryTransfer("greedy", "", grantee, 10 * DCT));
        chain.run(c, new Vote(too_much, Vote.Choice.YES));
        chain.run(d, new Vote(too_much, Vote.Choice.YES));
        Proposal failed = endVoting(too_much);
        assertThat(failed.status()).isEqualTo(Proposal.Status.EXECUTION_FAILED);
        assertThat(failed.outcome()).contains("treasury");
        assertThat(TokenState.balance(chain.store, Treasury.ACCOUNT)).isEqualTo(DCT / 2);
    }

    @Test
    void doubleVotesLateVotesUnknownProposalsAndBadParametersAreRefused() {
        long id = propose(a, Propose.text("t", ""));
        chain.run(a, new Vote(id, Vote.Choice.YES));
        assertThat(chain.run(a, new Vote(id, Vote.Choice.NO)).message()).contains("already voted");
        assertThat(chain.run(a, new Vote(77, Vote.Choice.NO)).message()).contains("no proposal 77");
        endVoting(id);
        assertThat(chain.run(b, new Vote(id, Vote.Choice.NO)).message()).contains("has ended");
        assertThat(chain.run(a, Propose.paramChange("x", "", "no_such_param", 1)).message()).contains("unknown");
        assertThat(chain.run(a, Propose.paramChange("x", "", "payment_fee_bps", 9_999)).message()).contains("between 0 and 5000");
        assertThat(chain.run(a, Propose.text(" ", "")).message()).contains("title");
        KeyPair poor = LedgerFixture.key(555);
        assertThat(chain.run(poor, Propose.text("t", "")).message()).contains("at least 10 DCT");
    }
}
