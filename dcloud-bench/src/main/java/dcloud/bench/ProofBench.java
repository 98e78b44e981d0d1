package dcloud.bench;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.ChunkRoots;
import dcloud.core.merkle.MerkleStream;
import dcloud.ledger.BlockOutcome;
import dcloud.ledger.SignatureCheck;
import dcloud.ledger.block.Block;
import dcloud.ledger.block.ChainHead;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.storage.ProofBuilder;
import dcloud.ledger.storage.StorageProofs;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.StorageNodeRegistration;
import dcloud.ledger.tx.StorePieces;
import dcloud.ledger.tx.TxBody;
import dcloud.ledger.tx.TxResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a storage node's proofs cost the ledger: applying one epoch's proofs for CONTRACTS contracts
 * (signature checks and each proof's payment included, as on every replica) as one tx per contract
 * and as batches of {@link ProveStorage#PROOFS_MAX}, alternating epochs. Also the chain bytes per
 * contract, and the block that changes the epoch (it judges the node; it used to settle every contract).
 * Usage: ProofBench [CONTRACTS] [PIECE_MIB] [ROUNDS]
 */
public final class ProofBench {
    private static final String CHAIN = "proof-bench";
    /** Long enough for a million contracts' proofs at one second per bench block. */
    private static final long EPOCH_S = 3_600;
    private static final long GENESIS_NS = 1_700_000_000_000_000_000L;
    private static final int BLOCK_TXS_MAX = 5_000;
    private final KeyPair validator = key(1);
    private final KeyPair node = key(2);
    private final KeyPair owner = key(3);
    private final MemoryLedgerStore store = new MemoryLedgerStore();

    private record Run(double contracts_per_s, double bytes_per_contract, int txs) {}

    public static void main(String[] args) {
        int contracts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int piece_mib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        new ProofBench().run(contracts, piece_mib, rounds);
    }

    private void run(int contracts, int piece_mib, int rounds) {
        byte[] piece = new byte[piece_mib << 20];
        new Random(1).nextBytes(piece);
        ChunkRoots tree = new MerkleStream().update(piece, 0, piece.length).chunkRoots();
        long first = setUp(contracts, piece.length, tree.root(), rounds * 2 + 2);
        System.out.printf("%d contracts of %d MiB pieces on one node, %s%n", contracts, piece_mib, Runtime.version());
        for (int round = 0; round < rounds; round++) {
            for (int batch : new int[] {1, ProveStorage.PROOFS_MAX}) {
                long started = System.nanoTime();
                nextEpoch();
                System.out.printf("round %d, epoch change with %,d contracts: %,.1f ms%n", round + 1, contracts, (System.nanoTime() - started) / 1e6);
                Run measured = proveAll(first, contracts, batch, piece, tree);
                System.out.printf("round %d, %2d proofs/tx: %,9.0f contracts/s  %,6.0f chain bytes/contract  %,6d txs%n",
                        round + 1, batch, measured.contracts_per_s(), measured.bytes_per_contract(), measured.txs());
            }
        }
    }

    /** Registers the node and owner and stores {@code contracts} one-piece segments on the node; returns the first contract id. */
    private long setUp(int contracts, long piece_size_bytes, byte[] root, int epochs) {
        Genesis genesis = new Genesis(CHAIN, Genesis.NETWORK_DEVNET, GENESIS_NS, key(4).publicKey(), 1_000_000L,
                List.of(new Genesis.Validator("v0", validator.publicKey())),
                List.of(new Genesis.Allocation(Account.of(node.publicKey()), 1_000_000_000_000L),
                        new Genesis.Allocation(Account.of(owner.publicKey()), 1_000_000_000_000_000L)),
                new TreeMap<>(Map.of("epoch_length_s", EPOCH_S, "storage_active_contracts_max", 100_000_000L)));
        LedgerApplier.initialize(store, genesis);
        apply(List.of(sign(node, new RegisterProvider(new ProviderProfile("P", "P AG", "CH", "p@p.example", "https://p.example", 9990, ""), false)),
                sign(owner, new RegisterUser("owner", ""))), 1);
        apply(List.of(sign(node, new StorageNodeRegistration("http://127.0.0.1:9000", 1L << 50, 100_000_000L, 0))), 1);
        List<SignedTx> stores = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            byte[] segment = new byte[32];
            segment[0] = (byte) i;
            segment[1] = (byte) (i >> 8);
            segment[2] = (byte) (i >> 16);
            segment[3] = (byte) (i >> 24);
            stores.add(sign(owner, new StorePieces(segment, 1, 2, 2, 1, piece_size_bytes, epochs,
                    List.of(new StorePieces.Piece(0, node.publicKey(), root)))));
        }
        long first = -1;
        for (int from = 0; from < stores.size(); from += BLOCK_TXS_MAX) {
            List<TxResult> results = apply(stores.subList(from, Math.min(stores.size(), from + BLOCK_TXS_MAX)), 1).results();
            for (TxResult result : results) {
                if (!result.ok()) {
                    throw new IllegalStateException("store refused: " + result.message());
                }
            }
            first = first < 0 ? results.get(0).detail() : first;
        }
        return first;
    }

    /** Signs every contract's proof in txs of {@code batch} proofs, then times applying them in blocks. */
    private Run proveAll(long first, int contracts, int batch, byte[] piece, ChunkRoots tree) {
        StorageProofs.EpochSeed seed = StorageProofs.seed(store);
        List<SignedTx> txs = new ArrayList<>();
        List<ProveStorage.ContractProof> pending = new ArrayList<>();
        long bytes = 0;
        for (long id = first; id < first + contracts; id++) {
            int[] leaves = ProofBuilder.challengedLeaves(seed.seed(), id, piece.length, 2);
            List<byte[]> chunks = new ArrayList<>();
            for (int leaf : leaves) {
                int chunk = ChunkRoots.chunkOfLeaf(leaf);
                int start = (int) ChunkRoots.chunkOffset(chunk);
                chunks.add(Arrays.copyOfRange(piece, start, start + ChunkRoots.chunkLength(piece.length, chunk)));
            }
            pending.add(ProofBuilder.build(tree, leaves, chunks, id).proof());
            if (pending.size() == batch || id == first + contracts - 1) {
                SignedTx tx = sign(node, new ProveStorage(seed.epoch(), pending));
                bytes += tx.sizeBytes();
                txs.add(tx);
                pending = new ArrayList<>();
            }
        }
        long started = System.nanoTime();
        int per_block = Math.min(BLOCK_TXS_MAX, (int) ((Block.SIZE_BYTES_MAX - 1024) / (txs.get(0).sizeBytes() + 4)));
        for (int from = 0; from < txs.size(); from += per_block) {
            for (TxResult result : apply(txs.subList(from, Math.min(txs.size(), from + per_block)), 1).results()) {
                if (!result.ok()) {
                    throw new IllegalStateException("proof refused: " + result.message());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(contracts / seconds, (double) bytes / contracts, txs.size());
    }

    private void nextEpoch() {
        apply(List.of(), EPOCH_S);
    }

    private BlockOutcome apply(List<SignedTx> txs, long after_s) {
        ChainHead head = store.head();
        Block block = Block.sign(validator, CHAIN, head.height() + 1, head.blockHash(), head.stateHash(),
                head.timestampNs() + after_s * 1_000_000_000L, txs);
        BlockOutcome outcome = LedgerApplier.apply(store, block, SignatureCheck.DIRECT, store.lastAppliedIndex() + 1);
        if (outcome.rejection() != null) {
            throw new IllegalStateException("block rejected: " + outcome.rejection());
        }
        return outcome;
    }

    private SignedTx sign(KeyPair key, TxBody body) {
        return SignedTx.sign(key, CHAIN, store.head().timestampNs() + 1, body);
    }

    private static KeyPair key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        bytes[31] = 9;
        return KeyPair.fromPrivateKey(bytes);
    }
}
