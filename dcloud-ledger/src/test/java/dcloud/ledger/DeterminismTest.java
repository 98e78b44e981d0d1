package dcloud.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.ledger.block.Block;
import dcloud.ledger.store.LedgerApplier;
import dcloud.ledger.store.LedgerStore;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.store.RocksLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    Path temp;

    @Test
    void theSameBlocksOnTwoFreshStoresGiveIdenticalStateHashes() {
        long seed = 99L;
        LedgerFixture origin = new LedgerFixture(new MemoryLedgerStore(), 8, 1_000_000_000_000L);
        RandomTraffic traffic = new RandomTraffic(seed, origin);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Block block = origin.nextBlock(traffic.block(50, origin.now() + LedgerFixture.BLOCK_INTERVAL_NS));
            LedgerApplier.apply(origin.store, block, SignatureCheck.DIRECT, i);
            blocks.add(block);
        }
        try (LedgerStore memory = new MemoryLedgerStore(); LedgerStore rocks = new RocksLedgerStore(temp.resolve("db"))) {
            for (LedgerStore replica : List.of(memory, rocks)) {
                LedgerApplier.initialize(replica, origin.genesis);
                for (int i = 0; i < blocks.size(); i++) {
                    Block decoded = decode(blocks.get(i).bytes());
                    assertThat(LedgerApplier.apply(replica, decoded, SignatureCheck.DIRECT, i).accepted()).isTrue();
                }
                assertThat(replica.head().stateHash()).as("seed %d", seed).isEqualTo(origin.store.head().stateHash());
                assertThat(replica.fullStateDigest()).isEqualTo(origin.store.fullStateDigest());
            }
        }
    }

    @Test
    void aBlockThatSkipsAHeightOrComesFromANonValidatorIsRejectedWithoutEffect() {
        LedgerFixture fixture = new LedgerFixture(new MemoryLedgerStore(), 2, 1_000_000_000L);
        byte[] before = fixture.store.fullStateDigest();
        var head = fixture.store.head();
        Block skipping = Block.sign(fixture.validator, LedgerFixture.CHAIN_ID, head.height() + 2, head.blockHash(),
                head.stateHash(), head.timestampNs() + 1, List.of());
        Block stranger = Block.sign(LedgerFixture.key(77), LedgerFixture.CHAIN_ID, head.height() + 1, head.blockHash(),
                head.stateHash(), head.timestampNs() + 1, List.of());
        Block past = Block.sign(fixture.validator, LedgerFixture.CHAIN_ID, head.height() + 1, head.blockHash(),
                head.stateHash(), head.timestampNs(), List.of());
        assertThat(LedgerApplier.apply(fixture.store, skipping, SignatureCheck.DIRECT, 1).rejection()).contains("does not follow");
        assertThat(LedgerApplier.apply(fixture.store, stranger, SignatureCheck.DIRECT, 2).rejection()).contains("not a validator");
        assertThat(LedgerApplier.apply(fixture.store, past, SignatureCheck.DIRECT, 3).rejection()).contains("not after the parent");
        assertThat(fixture.store.fullStateDigest()).isEqualTo(before);
        assertThat(fixture.store.head().height()).isZero();
    }

    /** The state machine packages may not touch clocks, randomness, I/O or hash-ordered collections. */
    @Test
    void theStateMachineSourcesUseNoClockRandomIoOrHashOrder() throws IOException {
        Pattern forbidden = Pattern.compile("System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now|LocalDate(Time)?\\.now|Clock\\."
                + "|new Random|Math\\.random|ThreadLocalRandom|SecureRandom|HashMap|HashSet|Hashtable|java\\.io\\.|java\\.nio\\.file"
                + "|java\\.net\\.|Thread\\.|parallelStream|\\.hashCode\\(\\)");
        Path root = Path.of("src/main/java/dcloud/ledger");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (file.startsWith(root.resolve("store"))) {
                    continue; // the store is the I/O boundary; it only persists what the machine produced
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (forbidden.matcher(lines.get(i)).find()) {
                        offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static Block decode(byte[] bytes) {
        try {
            return Block.decode(bytes);
        } catch (dcloud.core.codec.DecodeException e) {
            throw new AssertionError(e);
        }
    }
}
