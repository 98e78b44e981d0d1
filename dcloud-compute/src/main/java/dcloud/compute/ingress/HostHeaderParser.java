package dcloud.compute.ingress;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import java.util.Objects;

/**
 * Finds the host in an HTTP/1.x request head (RFC 9112): the request line, header lines, an empty
 * line, all ending in CRLF. Strict where being lenient would let a request mean two things to two
 * parsers (RFC 9112 3.2, 5.1: two Host headers, whitespace before a colon, folded lines are refused).
 * The Host header decides even for an absolute-form target: clients of origin servers send
 * origin-form, and the workload behind sees the same head anyway.
 * Pure and bounds-checked: any input gives a result, never an exception.
 */
public final class HostHeaderParser {
    private HostHeaderParser() {}

    /**
     * Looks at {@code input[0, length)}, the bytes received so far on a connection. Throws only when
     * {@code length} is not within {@code input} (a bug of the caller, not bad input).
     */
    public static ParseResult parse(byte[] input, int length) {
        Objects.checkFromIndexSize(0, length, input.length);
        // Refuse garbage (TLS on the HTTP port, binary) at its first byte instead of at the size limit.
        if (length > 0 && !isTokenChar(input[0] & 0xFF)) {
            return new Malformed("request does not start with a method");
        }
        int line_end = indexOfCrlf(input, 0, length);
        if (line_end < 0) {
            return new NeedMore(length + 1);
        }
        Malformed bad_request_line = checkRequestLine(input, line_end);
        if (bad_request_line != null) {
            return bad_request_line;
        }
        String host = null;
        boolean seen_host = false;
        int line_start = line_end + 2;
        while (true) {
            line_end = indexOfCrlf(input, line_start, length);
            if (line_end < 0) {
                return new NeedMore(length + 1);
            }
            if (line_end == line_start) {
                break; // the empty line: end of the head
            }
            int colon = line_start;
            while (colon < line_end && isTokenChar(input[colon] & 0xFF)) {
                colon++;
            }
            if (colon == line_start || colon == line_end || input[colon] != ':') {
                return new Malformed("header line is not name: value");
            }
            int value_start = colon + 1;
            int value_end = line_end;
            for (int i = value_start; i < value_end; i++) {
                int c = input[i] & 0xFF;
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    return new Malformed("control character in a header value");
                }
            }
            while (value_start < value_end && isSpace(input[value_start])) {
                value_start++;
            }
            while (value_end > value_start && isSpace(input[value_end - 1])) {
                value_end--;
            }
            if (isHost(input, line_start, colon)) {
                if (seen_host) {
                    return new Malformed("more than one Host header");
                }
                seen_host = true;
                host = hostOf(input, value_start, value_end);
                if (host == null) {
                    return new Malformed("Host header is not host[:port]");
                }
            }
            line_start = line_end + 2;
        }
        return host == null || host.isEmpty() ? ParseResult.NO_NAME : new Name(host);
    }

    /** method SP request-target SP HTTP/1.d */
    private static Malformed checkRequestLine(byte[] input, int line_end) {
        int i = 0;
        while (i < line_end && isTokenChar(input[i] & 0xFF)) {
            i++;
        }
        if (i == 0 || i == line_end || input[i] != ' ') {
            return new Malformed("request line is not method SP target SP version");
        }
        int target_start = ++i;
        while (i < line_end && (input[i] & 0xFF) > 0x20 && (input[i] & 0xFF) < 0x7F) {
            i++;
        }
        if (i == target_start || i == line_end || input[i] != ' ') {
            return new Malformed("request line is not method SP target SP version");
        }
        i++;
        byte[] version = {'H', 'T', 'T', 'P', '/', '1', '.'};
        if (line_end - i != version.length + 1) {
            return new Malformed("not HTTP/1.x");
        }
        for (byte b : version) {
            if (input[i++] != b) {
                return new Malformed("not HTTP/1.x");
            }
        }
        if (input[i] < '0' || input[i] > '9') {
            return new Malformed("not HTTP/1.x");
        }
        return null;
    }

    /**
     * The lower case host of a Host value {@code host[:port]} or {@code [ipv6]:port}; "" for an empty
     * value; null if it is neither.
     */
    static String hostOf(byte[] input, int start, int end) {
        if (start == end) {
            return "";
        }
        int host_end;
        if (input[start] == '[') {
            host_end = start + 1;
            while (host_end < end && input[host_end] != ']') {
                int c = input[host_end] & 0xFF;
                if (!(isHexDigit(c) || c == ':' || c == '.')) {
                    return null;
                }
                host_end++;
            }
            if (host_end == end || host_end == start + 1) {
                return null;
            }
            host_end++; // keep the ']'
        } else {
            host_end = start;
            while (host_end < end && input[host_end] != ':') {
                host_end++;
            }
        }
        if (host_end < end) {
            // ":port": 1..5 digits
            int digits = end - host_end - 1;
            if (input[host_end] != ':' || digits < 1 || digits > 5) {
                return null;
            }
            for (int i = host_end + 1; i < end; i++) {
                if (input[i] < '0' || input[i] > '9') {
                    return null;
                }
            }
        }
        if (input[start] == '[') {
            return new String(input, start, host_end - start, java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        }
        return ClientHelloParser.hostName(input, start, host_end - start);
    }

    private static boolean isHost(byte[] input, int start, int end) {
        return end - start == 4
                && (input[start] | 0x20) == 'h'
                && (input[start + 1] | 0x20) == 'o'
                && (input[start + 2] | 0x20) == 's'
                && (input[start + 3] | 0x20) == 't';
    }

    private static int indexOfCrlf(byte[] input, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (input[i] == '\r' && input[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** RFC 9110 5.6.2 tchar. */
    private static boolean isTokenChar(int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
