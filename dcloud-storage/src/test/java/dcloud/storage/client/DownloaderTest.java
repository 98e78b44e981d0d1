package dcloud.storage.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The downloader against real HTTP piece servers on loopback, one per piece, some of them slow or damaged. */
class DownloaderTest {
    private static final int K = 4;
    private static final int N = 8;
    private static final int PIECE_BYTES = 64 * 1024;
    private final byte[][] pieces = new byte[N][PIECE_BYTES];
    private PieceServers servers;

    @AfterEach
    void stop() {
        servers.close();
    }

    private PieceServers serve(long... delay_ms) throws Exception {
        for (int i = 0; i < N; i++) {
            new Random(i).nextBytes(pieces[i]);
        }
        servers = new PieceServers(pieces, PIECE_BYTES, delay_ms);
        return servers;
    }

    private Downloader.Fetched fetch(Downloader.Check check) throws Exception {
        return new Downloader(null, new PieceTransport(), (node, contract, bytes) -> null).fetch(servers.segment, K, Progress.NONE, new Stripe(N, PIECE_BYTES), check);
    }

    @Test
    void readsOnlyTheKDataPiecesWhenEveryNodeAnswersPromptly() throws Exception {
        serve(0, 0, 0, 0, 0, 0, 0, 0);
        Downloader.Fetched fetched = fetch(Downloader.Check.SIZE);
        assertThat(servers.requested).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (int i = 0; i < K; i++) {
            assertThat(fetched.pieces()[i]).as("piece %d", i).isEqualTo(pieces[i]);
        }
        assertThat(fetched.pieces()[K]).isNull();
    }

    @Test
    void hedgesASlowNodeWithTheNextPieceAndUsesWhicheverArrives() throws Exception {
        serve(0, 0, 5_000, 0, 0, 0, 0, 0);
        long start_ns = System.nanoTime();
        Downloader.Fetched fetched = fetch(Downloader.Check.SIZE);
        assertThat((System.nanoTime() - start_ns) / 1_000_000).as("did not wait for the slow node").isLessThan(4_000);
        assertThat(servers.requested).contains(0, 1, 2, 3, 4);
        assertThat(fetched.pieces()[4]).isEqualTo(pieces[4]);
        assertThat(fetched.pieces()[2]).as("the slow piece was abandoned").isNull();
    }

    @Test
    void checkingRootsSkipsADamagedPieceAndTakesTheNextOne() throws Exception {
        serve();
        servers.damage(1, 12_345);
        Downloader.Fetched fetched = fetch(Downloader.Check.MERKLE_ROOT);
        assertThat(fetched.pieces()[1]).as("the damaged piece is not used").isNull();
        assertThat(fetched.pieces()[4]).isEqualTo(pieces[4]);
    }

    @Test
    void checkingSizesOnlyTakesADamagedPieceAsItArrives() throws Exception {
        serve();
        servers.damage(1, 12_345);
        Downloader.Fetched fetched = fetch(Downloader.Check.SIZE);
        assertThat(fetched.pieces()[1][12_345]).isEqualTo((byte) (pieces[1][12_345] ^ 0x5a));
        assertThat(servers.requested).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
