package dcloud.compute.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Host parser and the contract naming rule. */
@Timeout(30)
class HostHeaderParserTest {
    @Test
    void findsTheHostWithoutItsPort() {
        assertThat(parse("GET / HTTP/1.1\r\nHost: 42.C0.dcloud.test:8080\r\nAccept: */*\r\n\r\n")).isEqualTo(new Name("42.c0.dcloud.test"));
        assertThat(parse("POST /x?y=1 HTTP/1.0\r\nUser-Agent: t\r\nhOsT:\t42.c0.dcloud.test \r\n\r\nbody")).isEqualTo(new Name("42.c0.dcloud.test"));
        assertThat(parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n")).isEqualTo(new Name("[::1]"));
    }

    @Test
    void incompleteHeadsNeedMoreAndMissingHostsHaveNoName() {
        String head = "GET / HTTP/1.1\r\nHost: 42.c0.dcloud.test\r\n\r\n";
        for (int length = 0; length < head.length(); length++) {
            assertThat(parse(head.substring(0, length))).as("prefix %d", length).isInstanceOf(NeedMore.class);
        }
        assertThat(parse("GET / HTTP/1.0\r\n\r\n")).isEqualTo(ParseResult.NO_NAME);
        assertThat(parse("GET / HTTP/1.1\r\nHost:\r\n\r\n")).isEqualTo(ParseResult.NO_NAME);
    }

    @Test
    void ambiguousOrBrokenHeadsAreMalformed() {
        for (String head : new String[] {
            "\u0016\u0003\u0001", // TLS on the HTTP port: refused at the first byte
            " GET / HTTP/1.1\r\n",
            "GET /\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a.test\r\n\r\n",
            "GET / HTTP/1.1\r\nX: 1\r\n folded\r\nHost: a.test\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.test:80:80\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.test:\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a b.test\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.test\u0000\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: [zz]\r\n\r\n",
        }) {
            assertThat(parse(head)).as(head).isInstanceOf(Malformed.class);
        }
    }

    @Test
    void randomBytesNeverThrow() {
        long seed = Long.getLong("seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] alphabet = "GET / HTTP/1.1\r\nHost: 42.c0.dcloud.test:[]\t \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        try {
            for (int round = 0; round < 20_000; round++) {
                byte[] input = new byte[random.nextInt(120)];
                for (int i = 0; i < input.length; i++) {
                    input[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                }
                ParseResult result = HostHeaderParser.parse(input, input.length);
                if (result instanceof Name name) {
                    assertThat(new String(input, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT)).contains(name.name());
                }
            }
        } catch (Throwable e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dseed=" + seed + ")", e);
        }
    }

    @Test
    void contractNamesAreCanonicalDecimalIdsUnderTheDomain() {
        String domain = "c0.dcloud.test";
        assertThat(ContractNames.contractOf("42.c0.dcloud.test", domain)).isEqualTo(42);
        assertThat(ContractNames.contractOf(ContractNames.nameOf(Long.MAX_VALUE, domain), domain)).isEqualTo(Long.MAX_VALUE);
        for (String name : new String[] {"042.c0.dcloud.test", "0.c0.dcloud.test", "9223372036854775808.c0.dcloud.test",
                "x42.c0.dcloud.test", "42.c1.dcloud.test", "42c0.dcloud.test", ".c0.dcloud.test", "c0.dcloud.test",
                "42.xc0.dcloud.test", "4 2.c0.dcloud.test", "a.42.c0.dcloud.test"}) {
            assertThat(ContractNames.contractOf(name, domain)).as(name).isZero();
        }
    }

    private static ParseResult parse(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return HostHeaderParser.parse(bytes, bytes.length);
    }
}
