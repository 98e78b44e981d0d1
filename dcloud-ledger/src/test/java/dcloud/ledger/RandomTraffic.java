package dcloud.ledger;

import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.Approve;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.ledger.tx.TransferFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/** Seeded random transactions, valid and invalid: wrong fees, overdrafts, burns, mints, replays, bad times. */
final class RandomTraffic {
    private final Random random;
    private final LedgerFixture fixture;
    private final List<SignedTx> sent = new ArrayList<>();

    RandomTraffic(long seed, LedgerFixture fixture) {
        this.random = new Random(seed);
        this.fixture = fixture;
    }

    List<SignedTx> block(int size, long block_time_ns) {
        List<SignedTx> txs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            txs.add(next(block_time_ns));
        }
        return txs;
    }

    private SignedTx next(long now) {
        if (!sent.isEmpty() && random.nextInt(20) == 0) {
            return sent.get(random.nextInt(sent.size()));
        }
        KeyPair signer = random.nextInt(25) == 0 ? fixture.minter : pick();
        long created = now - random.nextInt(1000) * 1_000_000L + (random.nextInt(50) == 0 ? 600_000_000_000L : 0);
        SignedTx tx = SignedTx.sign(signer, LedgerFixture.CHAIN_ID, created, body(signer));
        sent.add(tx);
        return tx;
    }

    private dcloud.ledger.tx.TxBody body(KeyPair signer) {
        Account to = random.nextInt(15) == 0 ? Account.of(fixture.minter.publicKey()) : Account.of(pick().publicKey(), subaccount());
        long amount = random.nextInt(10) == 0 ? Long.MAX_VALUE / (1 + random.nextInt(3)) : random.nextInt(5_000) * 1_000_000L;
        boolean burn = to.equals(Account.of(fixture.minter.publicKey()));
        if (burn) {
            amount = random.nextInt(3) * 600_000L;
        }
        OptionalLong fee = burn ? OptionalLong.empty() : switch (random.nextInt(4)) {
            case 0 -> OptionalLong.empty();
            case 1 -> OptionalLong.of(LedgerFixture.FEE + random.nextInt(2));
            default -> OptionalLong.of(LedgerFixture.FEE);
        };
        int economy = random.nextInt(3);
        if (economy == 0) {
            return economyBody(signer);
        }
        return switch (random.nextInt(5)) {
            case 0 -> new Approve(null, Account.of(pick().publicKey()), amount, OptionalLong.empty(),
                    random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(fixture.now() + random.nextInt(5) * 1_000_000_000L),
                    fee, new byte[0]);
            case 1 -> new TransferFrom(null, Account.of(pick().publicKey()), to, amount, fee, new byte[random.nextInt(33)]);
            default -> new Transfer(random.nextInt(10) == 0 ? subaccount() : null, to, amount, fee, new byte[random.nextInt(33)]);
        };
    }

    private static final dcloud.ledger.tx.ProviderProfile PROFILE = new dcloud.ledger.tx.ProviderProfile("P", "P Ltd", "FR",
            "p@p.example", "https://p.example", 9990, "");

    /** Registrations, payments, punishments, check-ins and governance: valid and invalid alike. */
    private dcloud.ledger.tx.TxBody economyBody(KeyPair signer) {
        byte[] other = pick().publicKey();
        return switch (random.nextInt(18)) {
            case 12, 13, 14, 15 -> storageBody(signer);
            case 16, 17 -> computeBody();
            case 9 -> new dcloud.ledger.tx.PublishOffering(dcloud.ledger.market.MarketTest.offering("o" + random.nextInt(3), 1 + random.nextInt(3)));
            case 10 -> new dcloud.ledger.tx.Rent(1 + random.nextInt(6), random.nextInt(4), new byte[32],
                    random.nextBoolean() ? new byte[0] : "job".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case 11 -> new dcloud.ledger.tx.ContractAction(dcloud.ledger.tx.ContractAction.Action.values()[random.nextInt(7)],
                    1 + random.nextInt(12), random.nextInt(3), "r", new byte[0]);
            case 0 -> new dcloud.ledger.tx.RegisterProvider(PROFILE, random.nextInt(4) == 0);
            case 1 -> new dcloud.ledger.tx.RegisterUser("u", "");
            case 2, 3 -> new dcloud.ledger.tx.Pay(other, random.nextInt(200) * 1_000_000_000L, new byte[0]);
            case 4 -> new dcloud.ledger.tx.Punish(other, random.nextInt(3) * 100_000_000L, "bad");
            case 5 -> new dcloud.ledger.tx.CheckIn(dcloud.ledger.rewards.Rewards.epochState(fixture.store).epoch() + random.nextInt(2) * (random.nextInt(2)),
                    fixture.store.head().blockHash());
            case 6 -> random.nextBoolean() ? dcloud.ledger.tx.Propose.text("t", "")
                    : dcloud.ledger.tx.Propose.treasuryTransfer("g", "", Account.of(other), 1 + random.nextInt(1_000_000_000));
            case 7 -> new dcloud.ledger.tx.Vote(random.nextInt(4), dcloud.ledger.tx.Vote.Choice.values()[random.nextInt(3)]);
            default -> new dcloud.ledger.tx.Delegate(random.nextInt(5) == 0 ? new byte[32] : other);
        };
    }

    /** Compute agents, posted batch results (right-sized and not) and replica reports. */
    private dcloud.ledger.tx.TxBody computeBody() {
        return switch (random.nextInt(3)) {
            case 0 -> new dcloud.ledger.tx.ComputeNodeRegistration("http://127.0.0.1:" + (7000 + random.nextInt(9)), "c.dcloud.test",
                    random.nextBoolean() ? List.of("wasm") : List.of("wasm", "process"));
            case 1 -> {
                byte[] hash = new byte[random.nextInt(8) == 0 ? 31 : 32];
                hash[0] = (byte) random.nextInt(2);
                yield new dcloud.ledger.tx.ContractAction(dcloud.ledger.tx.ContractAction.Action.POST_RESULT, 1 + random.nextInt(12), 0, "", hash);
            }
            default -> new dcloud.ledger.tx.ReportMismatch(List.of((long) 1 + random.nextInt(12), (long) 1 + random.nextInt(12),
                    (long) 1 + random.nextInt(12)));
        };
    }

    private static final byte[] PIECE = new byte[3000];

    /** Storage nodes, segments, proofs (right and wrong), cancels and egress orders, so escrow, proofs and downloads meet random traffic. */
    private dcloud.ledger.tx.TxBody storageBody(KeyPair signer) {
        byte[] root = dcloud.core.merkle.MerkleTree.root(PIECE);
        return switch (random.nextInt(5)) {
            case 0 -> new dcloud.ledger.tx.StorageNodeRegistration("http://127.0.0.1:" + (9000 + random.nextInt(9)), 1 + random.nextInt(20_000),
                    random.nextInt(3) * 1_000_000_000_000L, random.nextInt(3) * 1_000_000_000_000L);
            case 1 -> {
                byte[] segment = new byte[32];
                segment[0] = (byte) random.nextInt(6);
                List<dcloud.ledger.tx.StorePieces.Piece> pieces = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    pieces.add(new dcloud.ledger.tx.StorePieces.Piece(random.nextInt(4), pick().publicKey(), root));
                }
                yield new dcloud.ledger.tx.StorePieces(segment, 2, 4, 4, 3, PIECE.length, 1 + random.nextInt(3), pieces);
            }
            case 2 -> {
                dcloud.ledger.storage.StorageProofs.EpochSeed seed = dcloud.ledger.storage.StorageProofs.seed(fixture.store);
                byte[] hash = seed == null ? new byte[32] : seed.seed();
                long epoch = dcloud.ledger.rewards.Rewards.epochState(fixture.store).epoch();
                List<dcloud.ledger.tx.ProveStorage.ContractProof> proofs = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    proofs.add(dcloud.ledger.storage.ProofBuilder.build(PIECE, hash, 1 + random.nextInt(12), 1 + random.nextInt(2)));
                }
                yield new dcloud.ledger.tx.ProveStorage(epoch, proofs);
            }
            case 3 -> new dcloud.ledger.tx.CancelStorage(List.of((long) 1 + random.nextInt(12)));
            default -> {
                // Orders from random payers to this signer (a node or not), some replayed, some expired, some over their bytes.
                byte[] serial = new byte[dcloud.ledger.tx.EgressOrder.SERIAL_SIZE_BYTES];
                serial[0] = (byte) random.nextInt(4);
                long epoch = dcloud.ledger.rewards.Rewards.epochState(fixture.store).epoch();
                dcloud.ledger.tx.EgressOrder order = dcloud.ledger.tx.EgressOrder.sign(pick(), LedgerFixture.CHAIN_ID, signer.publicKey(),
                        random.nextInt(12), serial, 1L << 30, epoch - 1 + random.nextInt(3));
                yield new dcloud.ledger.tx.SettleEgress(List.of(new dcloud.ledger.tx.SettleEgress.Served(order, 1 + random.nextInt(1 << 30) + random.nextInt(2))));
            }
        };
    }

    private byte[] subaccount() {
        byte[] sub = new byte[32];
        sub[31] = (byte) random.nextInt(2);
        return sub;
    }

    private KeyPair pick() {
        return fixture.users.get(random.nextInt(fixture.users.size()));
    }
}
