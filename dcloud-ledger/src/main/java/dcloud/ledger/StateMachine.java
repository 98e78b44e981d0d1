package dcloud.ledger;

import dcloud.core.account.Account;
import dcloud.core.codec.Writer;
import dcloud.core.crypto.Sha256;
import dcloud.ledger.block.Block;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.genesis.ChainConfig;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.token.Deduplication;
import dcloud.ledger.token.TokenLedger;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.governance.Governance;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.reputation.ReputationLedger;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.CheckIn;
import dcloud.ledger.tx.Delegate;
import dcloud.ledger.tx.Pay;
import dcloud.ledger.tx.Propose;
import dcloud.ledger.tx.Punish;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.Vote;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ledger as a pure function: {@code (state, head, block) -> outcome}. No clock (time is the
 * block's), no randomness, no I/O, no hash-ordered iteration, every signature checked. The state
 * hash chains the previous one with digests of this block's sorted changes and results, so two
 * replicas that applied the same blocks hold the same state hash, and any divergence shows at once.
 */
public final class StateMachine {
    private static final byte[] STATE_DOMAIN = "dcloud/state/v1\0".getBytes(StandardCharsets.US_ASCII);

    private StateMachine() {}

    public static BlockOutcome applyGenesis(StateReader empty, Genesis genesis) {
        String invalid = genesis.validate();
        if (invalid != null) {
            throw new IllegalArgumentException("genesis: " + invalid);
        }
        Overlay state = new Overlay(empty);
        ChainConfig.of(genesis).write(state);
        dcloud.ledger.params.Params.set(state, dcloud.ledger.params.Param.TRANSFER_FEE_E9S, genesis.transferFeeE9s());
        for (java.util.Map.Entry<String, Long> param : genesis.params().entrySet()) {
            dcloud.ledger.params.Params.set(state, dcloud.ledger.params.Param.byName(param.getKey()), param.getValue());
        }
        dcloud.ledger.rewards.Rewards.startFirstEpoch(state, genesis.genesisTimeNs());
        for (Genesis.Allocation allocation : genesis.allocations()) {
            TokenState.allocate(state, allocation.account(), allocation.e9s());
        }
        TreeMap<byte[], byte[]> changes = state.changes();
        byte[] state_hash = stateHash(new byte[32], genesis.hash(), changes, List.of());
        ChainHead head = new ChainHead(0, genesis.hash(), state_hash, genesis.genesisTimeNs());
        return new BlockOutcome(null, changes, List.of(), List.of(), head);
    }

    public static BlockOutcome applyBlock(StateReader state, ChainHead head, Block block, SignatureCheck signatures) {
        ChainConfig chain = ChainConfig.read(state);
        String rejection = checkHeader(chain, head, block);
        if (rejection != null) {
            return new BlockOutcome(rejection, new TreeMap<>(Arrays::compareUnsigned), List.of(), List.of(), head);
        }
        Overlay block_state = new Overlay(state);
        beginBlock(block_state, head, block);
        TxContext context = new TxContext(block.height(), block.timestampNs(), chain);
        List<TxResult> results = new ArrayList<>(block.txs().size());
        List<BlockOutcome.HistoryEntry> history = new ArrayList<>();
        for (int index = 0; index < block.txs().size(); index++) {
            SignedTx tx = block.txs().get(index);
            Overlay tx_state = new Overlay(block_state);
            TxResult result = applyTx(tx_state, context, tx, signatures);
            if (result.ok()) {
                tx_state.mergeInto(block_state);
                for (Account account : touchedAccounts(tx)) {
                    history.add(new BlockOutcome.HistoryEntry(account.toBytes(), index));
                }
            }
            results.add(result);
        }
        TreeMap<byte[], byte[]> changes = block_state.changes();
        byte[] state_hash = stateHash(head.stateHash(), block.hash(), changes, results);
        ChainHead next = new ChainHead(block.height(), block.hash(), state_hash, block.timestampNs());
        return new BlockOutcome(null, changes, results, history, next);
    }

    /**
     * Work every block does before its transactions, in a fixed order: prune expired de-duplication
     * entries, remember the parent's hash for check-ins, close ended reward epochs, expire unanswered
     * rent requests and end contracts whose time is up, settle active contracts when an epoch turned,
     * judge storage nodes on the closed epoch's proofs and publish the new epoch's proof seed, close
     * storage contracts that ended and forget expired egress-order serials (both bounded), then close
     * and execute proposals whose voting ended.
     */
    static void beginBlock(Overlay state, ChainHead head, Block block) {
        Deduplication.prune(state, block.timestampNs());
        dcloud.ledger.rewards.Rewards.recordBlockHash(state, head.height(), head.blockHash());
        long epoch_before = dcloud.ledger.rewards.Rewards.epochState(state).epoch();
        dcloud.ledger.rewards.Rewards.advance(state, block.timestampNs());
        dcloud.ledger.market.Contracts.beginBlock(state, block.height(), block.timestampNs());
        if (dcloud.ledger.rewards.Rewards.epochState(state).epoch() != epoch_before) {
            dcloud.ledger.market.Contracts.settleActive(state, block.height(), block.timestampNs());
            long epoch_now = dcloud.ledger.rewards.Rewards.epochState(state).epoch();
            dcloud.ledger.storage.StorageProofs.onEpochStart(state, block.height(), epoch_before, epoch_now, head.blockHash());
        }
        dcloud.ledger.storage.StorageContracts.closeEnded(state, dcloud.ledger.rewards.Rewards.epochState(state).epoch());
        dcloud.ledger.storage.EgressPayments.pruneExpired(state, dcloud.ledger.rewards.Rewards.epochState(state).epoch());
        dcloud.ledger.governance.Governance.closeEnded(state, block.timestampNs());
    }

    /** Null when the header extends {@code head} validly; otherwise the rule it breaks. */
    static String checkHeader(ChainConfig chain, ChainHead head, Block block) {
        if (!block.chainId().equals(chain.chainId())) {
            return "chain_id '" + block.chainId() + "' is not this chain's '" + chain.chainId() + "'";
        }
        if (block.height() != head.height() + 1) {
            return "height " + block.height() + " does not follow " + head.height();
        }
        if (!Arrays.equals(block.parentHash(), head.blockHash())) {
            return "parent_hash does not match the block at height " + head.height();
        }
        if (!Arrays.equals(block.parentStateHash(), head.stateHash())) {
            return "parent_state_hash differs from this replica's state hash: state divergence";
        }
        if (block.timestampNs() <= head.timestampNs()) {
            return "timestamp " + block.timestampNs() + " is not after the parent's " + head.timestampNs();
        }
        if (!chain.isValidator(block.proposer())) {
            return "proposer is not a validator";
        }
        if (!block.verifyProposerSignature()) {
            return "proposer signature is invalid";
        }
        return null;
    }

    static TxResult applyTx(Overlay state, TxContext context, SignedTx tx, SignatureCheck signatures) {
        if (!tx.chainId().equals(context.chain().chainId())) {
            return TxResult.fail(TxStatus.WRONG_CHAIN, 0, "chain_id '" + tx.chainId() + "' is not this chain's");
        }
        if (!signatures.valid(tx)) {
            return TxResult.fail(TxStatus.BAD_SIGNATURE, 0, "signature does not verify for the signer's key");
        }
        TxResult rejected = Deduplication.check(state, context, tx);
        if (rejected != null) {
            return rejected;
        }
        TxResult result;
        try {
            result = switch (tx.body()) {
                case Transfer transfer -> TokenLedger.transfer(state, context, tx.signer(), transfer);
                case Approve approve -> TokenLedger.approve(state, context, tx.signer(), approve);
                case TransferFrom transfer_from -> TokenLedger.transferFrom(state, context, tx.signer(), transfer_from);
                case RegisterProvider register -> Registry.registerProvider(state, context, tx.signer(), register);
                case RegisterUser register -> Registry.registerUser(state, context, tx.signer(), register);
                case Pay pay -> ReputationLedger.pay(state, context, tx.signer(), pay);
                case Punish punish -> ReputationLedger.punish(state, context, tx.signer(), punish);
                case CheckIn check_in -> Rewards.checkIn(state, context, tx.signer(), check_in);
                case Propose propose -> Governance.propose(state, context, tx.signer(), propose);
                case Vote vote -> Governance.vote(state, context, tx.signer(), vote);
                case Delegate delegate -> Governance.delegate(state, context, tx.signer(), delegate);
                case dcloud.ledger.tx.PublishOffering publish -> dcloud.ledger.market.Offerings.publish(state, context, tx.signer(), publish.offering());
                case dcloud.ledger.tx.Rent rent -> dcloud.ledger.market.Contracts.rent(state, context, tx.signer(), rent);
                case dcloud.ledger.tx.ContractAction action -> dcloud.ledger.market.Contracts.act(state, context, tx.signer(), action);
                case dcloud.ledger.tx.AutoAccept rule -> dcloud.ledger.market.Contracts.setAutoAccept(state, tx.signer(), rule);
                case dcloud.ledger.tx.StorageNodeRegistration node -> dcloud.ledger.storage.StorageNodes.register(state, context, tx.signer(), node);
                case dcloud.ledger.tx.StorePieces store -> dcloud.ledger.storage.StorageContracts.store(state, context, tx.signer(), store);
                case dcloud.ledger.tx.ProveStorage prove -> dcloud.ledger.storage.StorageProofs.prove(state, context, tx.signer(), prove);
                case dcloud.ledger.tx.SettleEgress settle -> dcloud.ledger.storage.EgressPayments.settle(state, context, tx.signer(), settle);
                case dcloud.ledger.tx.CancelStorage cancel -> dcloud.ledger.storage.StorageContracts.cancel(state, tx.signer(), cancel);
                case dcloud.ledger.tx.SetIndexPointer pointer -> dcloud.ledger.storage.StorageContracts.setIndexPointer(state, tx.signer(), pointer.pointer());
                case dcloud.ledger.tx.ComputeNodeRegistration node -> dcloud.ledger.compute.ComputeNodes.register(state, context, tx.signer(), node);
                case dcloud.ledger.tx.ReportMismatch report -> dcloud.ledger.compute.JobResults.report(state, context, tx.signer(), report);
            };
        } catch (ArithmeticException overflow) {
            result = TxResult.fail(TxStatus.GENERIC_ERROR, 0, "amount overflows 64 bits");
        }
        if (result.ok()) {
            Deduplication.record(state, context, tx);
        }
        return result;
    }

    /** Accounts whose history shows this tx, in a fixed order. */
    static TreeSet<Account> touchedAccounts(SignedTx tx) {
        TreeSet<Account> accounts = new TreeSet<>();
        byte[] signer = tx.signer();
        switch (tx.body()) {
            case Transfer transfer -> {
                accounts.add(withSubaccount(signer, transfer.fromSubaccount()));
                accounts.add(transfer.to());
            }
            case Approve approve -> {
                accounts.add(withSubaccount(signer, approve.fromSubaccount()));
                accounts.add(approve.spender());
            }
            case TransferFrom transfer_from -> {
                accounts.add(withSubaccount(signer, transfer_from.spenderSubaccount()));
                accounts.add(transfer_from.from());
                accounts.add(transfer_from.to());
            }
            case Pay pay -> {
                accounts.add(Account.of(signer));
                accounts.add(Account.of(pay.provider()));
            }
            case Punish punish -> {
                accounts.add(Account.of(signer));
                accounts.add(Account.of(punish.target()));
            }
            case Propose propose -> {
                accounts.add(Account.of(signer));
                accounts.add(dcloud.ledger.governance.Treasury.ACCOUNT);
            }
            default -> accounts.add(Account.of(signer));
        }
        return accounts;
    }

    private static Account withSubaccount(byte[] owner, byte[] subaccount) {
        return subaccount == null ? Account.of(owner) : Account.of(owner, subaccount);
    }

    static byte[] stateHash(byte[] parent_state_hash, byte[] block_hash, TreeMap<byte[], byte[]> changes, List<TxResult> results) {
        MessageDigest changes_digest = Sha256.newDigest();
        for (Map.Entry<byte[], byte[]> entry : changes.entrySet()) {
            Writer writer = new Writer().bytes(entry.getKey()).bool(entry.getValue() != null);
            if (entry.getValue() != null) {
                writer.bytes(entry.getValue());
            }
            changes_digest.update(writer.toBytes());
        }
        MessageDigest results_digest = Sha256.newDigest();
        for (TxResult result : results) {
            Writer writer = new Writer();
            result.encode(writer);
            results_digest.update(writer.toBytes());
        }
        return Sha256.hash(STATE_DOMAIN, parent_state_hash, block_hash, changes_digest.digest(), results_digest.digest());
    }
}
