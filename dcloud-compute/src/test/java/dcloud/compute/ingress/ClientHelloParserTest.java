package dcloud.compute.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SNI parser on real JDK ClientHellos, cut anywhere, refragmented, mutated and replaced by garbage. */
@Timeout(30)
class ClientHelloParserTest {
    private static byte[] tls13;
    private static byte[] tls12;

    @BeforeAll
    static void hellos() throws Exception {
        tls13 = TestTls.clientHello("42.c0.dcloud.test", null);
        tls12 = TestTls.clientHello("42.c0.dcloud.test", "TLSv1.2");
    }

    @Test
    void realHellosGiveTheirNameInLowerCase() throws Exception {
        assertThat(parse(tls13)).isEqualTo(new Name("42.c0.dcloud.test"));
        assertThat(parse(tls12)).isEqualTo(new Name("42.c0.dcloud.test"));
        assertThat(parse(TestTls.clientHello("7.C0.DCloud.Test", null))).isEqualTo(new Name("7.c0.dcloud.test"));
        assertThat(tls13[0]).as("one handshake record").isEqualTo((byte) 22);
    }

    @Test
    void aHelloWithoutSniHasNoName() throws Exception {
        assertThat(parse(TestTls.clientHello(null, null))).isEqualTo(ParseResult.NO_NAME);
        assertThat(parse(TestTls.clientHello(null, "TLSv1.2"))).isEqualTo(ParseResult.NO_NAME);
    }

    @Test
    void everyPrefixNeedsMoreWithABoundThatNeverOvershoots() {
        for (byte[] hello : new byte[][] {tls13, tls12, TestTls.fragment(tls13, 1, 2, 3, 50, 1), TestTls.fragment(tls13, 3, 3)}) {
            for (int length = 0; length < hello.length; length++) {
                ParseResult result = ClientHelloParser.parse(hello, length);
                assertThat(result).as("prefix %d of %d", length, hello.length).isInstanceOf(NeedMore.class);
                // The bound may never ask for bytes past the hello: they could belong to the backend.
                assertThat(((NeedMore) result).bytesTotalMin()).as("prefix %d", length).isGreaterThan(length).isLessThanOrEqualTo(hello.length);
            }
            assertThat(ClientHelloParser.parse(hello, hello.length)).isEqualTo(new Name("42.c0.dcloud.test"));
        }
    }

    @Test
    void readingUpToTheBoundArrivesAtTheName() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random random = new Random(seed);
        try {
            for (int round = 0; round < 200; round++) {
                int[] sizes = new int[1 + random.nextInt(20)];
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
                }
                byte[] hello = TestTls.fragment(tls13, sizes);
                // A reader that gets arbitrary chunks but never reads past the parser's bound.
                int filled = 0;
                int parses = 0;
                ParseResult result = ClientHelloParser.parse(hello, 0);
                while (result instanceof NeedMore need) {
                    filled = Math.min(need.bytesTotalMin(), filled + 1 + random.nextInt(64));
                    result = ClientHelloParser.parse(hello, filled);
                    parses++;
                }
                assertThat(result).isEqualTo(new Name("42.c0.dcloud.test"));
                assertThat(filled).isEqualTo(hello.length);
                assertThat(parses).isLessThanOrEqualTo(hello.length);
            }
        } catch (Throwable e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dseed=" + seed + ")", e);
        }
    }

    @Test
    void anOversizedHelloIsKnownFromItsFirstNineBytes() {
        // A record of 16384 bytes starting a ClientHello that declares 20000 bytes.
        byte[] start = {22, 3, 1, 0x40, 0, 1, 0, 0x4E, 0x20};
        ParseResult result = ClientHelloParser.parse(start, start.length);
        assertThat(result).isInstanceOf(NeedMore.class);
        assertThat(((NeedMore) result).bytesTotalMin()).isGreaterThan(20_000);
    }

    @Test
    void brokenHellosAreMalformedAtOnce() {
        assertThat(parse("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Malformed.class);
        assertThat(parse(new byte[] {22, 2})).as("SSL 2 version").isInstanceOf(Malformed.class);
        assertThat(parse(new byte[] {22, 3, 1, 0, 0})).as("empty record").isInstanceOf(Malformed.class);
        assertThat(parse(new byte[] {22, 3, 1, 0x40, 1})).as("record over 2^14").isInstanceOf(Malformed.class);
        assertThat(parse(new byte[] {22, 3, 1, 0, 4, 2, 0, 0, 0})).as("ServerHello").isInstanceOf(Malformed.class);
        byte[] interrupted = tls13.clone();
        interrupted[0] = 23;
        assertThat(parse(interrupted)).isInstanceOf(Malformed.class);
        byte[] two_messages = Arrays.copyOf(tls13, tls13.length + 4);
        int record_length = ((tls13[3] & 0xFF) << 8 | (tls13[4] & 0xFF)) + 4;
        two_messages[3] = (byte) (record_length >> 8);
        two_messages[4] = (byte) record_length;
        assertThat(parse(two_messages)).as("more than the hello in its record").isInstanceOf(Malformed.class);
    }

    @Test
    void fuzzedHellosAndGarbageNeverThrowNorInventAName() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random random = new Random(seed);
        byte[][] bases = {tls13, tls12, TestTls.fragment(tls13, 100, 7, 1)};
        int names = 0;
        try {
            for (int round = 0; round < 100_000; round++) {
                byte[] input = switch (random.nextInt(4)) {
                    case 0 -> garbage(random);
                    case 1 -> tlsLookingGarbage(random);
                    default -> mutate(random, bases[random.nextInt(bases.length)]);
                };
                int length = random.nextInt(8) == 0 ? random.nextInt(input.length + 1) : input.length;
                ParseResult result = ClientHelloParser.parse(input, length);
                switch (result) {
                    case NeedMore need -> assertThat(need.bytesTotalMin()).isGreaterThan(length);
                    case Name name -> {
                        names++;
                        assertThat(name.name()).matches("[a-z0-9._-]{1,253}");
                        assertThat(isSubsequence(name.name(), lowerAscii(input, length))).as("name %s comes from the input", name.name()).isTrue();
                    }
                    case Malformed malformed -> assertThat(malformed.reason()).isNotBlank();
                    case ParseResult.NoName no_name -> {}
                }
            }
        } catch (Throwable e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dseed=" + seed + ")", e);
        }
        assertThat(names).as("mutations that spare the name still find it (seed %d)", seed).isPositive();
    }

    private static ParseResult parse(byte[] input) {
        return ClientHelloParser.parse(input, input.length);
    }

    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[random.nextInt(600)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A plausible record and handshake header followed by random bytes: reaches the deep fields. */
    private static byte[] tlsLookingGarbage(Random random) {
        int body = random.nextInt(400);
        byte[] bytes = new byte[5 + body];
        random.nextBytes(bytes);
        bytes[0] = 22;
        bytes[1] = 3;
        bytes[2] = (byte) random.nextInt(5);
        bytes[3] = (byte) (body >> 8);
        bytes[4] = (byte) body;
        if (body >= 4) {
            bytes[5] = 1;
            int message = random.nextBoolean() ? body - 4 : random.nextInt(1 << 12);
            bytes[6] = 0;
            bytes[7] = (byte) (message >> 8);
            bytes[8] = (byte) message;
        }
        return bytes;
    }

    private static byte[] mutate(Random random, byte[] base) {
        byte[] bytes = base.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(5)) {
                case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length) + 1);
                case 3 -> {
                    int at = random.nextInt(bytes.length);
                    byte[] inserted = new byte[1 + random.nextInt(8)];
                    random.nextBytes(inserted);
                    byte[] longer = new byte[bytes.length + inserted.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(inserted, 0, longer, at, inserted.length);
                    System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    // A small length-field-like change: the most likely way to get past one check and hit the next.
                    int at = random.nextInt(bytes.length);
                    bytes[at] = (byte) (bytes[at] + random.nextInt(5) - 2);
                }
            }
        }
        return bytes;
    }

    private static String lowerAscii(byte[] input, int length) {
        return new String(input, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /** Names may be split over records, so they are in the input in order though not always in one piece. */
    private static boolean isSubsequence(String name, String input) {
        int at = 0;
        for (int i = 0; i < input.length() && at < name.length(); i++) {
            if (input.charAt(i) == name.charAt(at)) {
                at++;
            }
        }
        return at == name.length();
    }
}
