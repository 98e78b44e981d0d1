package dcloud.ledger;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.block.Block;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.LedgerStore;
import dcloud.ledger.tx.SignedTx;
import java.util.List;

/** A chain with a known validator, minting key and funded users, advanced block by block with a fixed clock. */
public final class LedgerFixture {
    public static final String CHAIN_ID = "test-chain";
    public static final long GENESIS_TIME_NS = 1_700_000_000_000_000_000L;
    public static final long BLOCK_INTERVAL_NS = 1_000_000_000L;
    public static final long FEE = 1_000_000L;

    public final KeyPair validator = key(1);
    public final KeyPair minter = key(2);
    public final List<KeyPair> users;
    public final Genesis genesis;
    public final LedgerStore store;

    public LedgerFixture(LedgerStore store, int user_count, long each_e9s) {
        this(store, user_count, each_e9s, java.util.Map.of());
    }

    /** {@code params}: genesis parameter overrides by wire name (e.g. gov_voting_period_s). */
    public LedgerFixture(LedgerStore store, int user_count, long each_e9s, java.util.Map<String, Long> params) {
        this.store = store;
        this.users = java.util.stream.IntStream.range(0, user_count).mapToObj(i -> key(100 + i)).toList();
        List<Genesis.Allocation> allocations = users.stream()
                .map(user -> new Genesis.Allocation(Account.of(user.publicKey()), each_e9s)).toList();
        genesis = new Genesis(CHAIN_ID, Genesis.NETWORK_DEVNET, GENESIS_TIME_NS, minter.publicKey(), FEE,
                List.of(new Genesis.Validator("v0", validator.publicKey())), allocations, new java.util.TreeMap<>(params));
        LedgerApplier.initialize(store, genesis);
    }

    public static KeyPair key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        bytes[1] = (byte) (seed >> 8);
        bytes[31] = 7;
        return KeyPair.fromPrivateKey(bytes);
    }

    public long now() {
        return store.head().timestampNs();
    }

    public Block nextBlock(List<SignedTx> txs) {
        ChainHead head = store.head();
        return Block.sign(validator, CHAIN_ID, head.height() + 1, head.blockHash(), head.stateHash(),
                head.timestampNs() + BLOCK_INTERVAL_NS, txs);
    }

    public BlockOutcome apply(List<SignedTx> txs) {
        Block block = nextBlock(txs);
        return LedgerApplier.apply(store, block, SignatureCheck.DIRECT, store.lastAppliedIndex() + 1);
    }

    /** Applies a block {@code seconds} after the head (time jumps close epochs and votes). */
    public BlockOutcome applyAfter(long seconds, List<SignedTx> txs) {
        ChainHead head = store.head();
        Block block = Block.sign(validator, CHAIN_ID, head.height() + 1, head.blockHash(), head.stateHash(),
                head.timestampNs() + seconds * 1_000_000_000L, txs);
        return LedgerApplier.apply(store, block, SignatureCheck.DIRECT, store.lastAppliedIndex() + 1);
    }

    /** Signs {@code body} by {@code key} at the next block's time and applies it alone; returns its result. */
    public dcloud.ledger.tx.TxResult run(KeyPair key, dcloud.ledger.tx.TxBody body) {
        SignedTx tx = SignedTx.sign(key, CHAIN_ID, now() + BLOCK_INTERVAL_NS, body);
        return apply(List.of(tx)).results().get(0);
    }

    /** Every balance (treasury and escrow accounts included) plus everything burned: it must equal everything minted. */
    public long balancesAndBurned() {
        long[] sum = {dcloud.ledger.token.TokenState.burned(store)};
        store.scan(new byte[] {0x10}, Integer.MAX_VALUE, (key, value) -> {
            sum[0] = Math.addExact(sum[0], dcloud.ledger.state.Values.u64(value, 0));
            return true;
        });
        return sum[0];
    }

    public long balance(KeyPair key) {
        return dcloud.ledger.token.TokenState.balance(store, dcloud.core.account.Account.of(key.publicKey()));
    }
}
