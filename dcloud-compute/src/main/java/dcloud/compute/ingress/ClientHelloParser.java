package dcloud.compute.ingress;

import dcloud.compute.ingress.ParseResult.Malformed;
import dcloud.compute.ingress.ParseResult.Name;
import dcloud.compute.ingress.ParseResult.NeedMore;
import java.util.Objects;

/**
 * Finds the server_name (SNI, RFC 6066) in the first bytes a TLS client sends, without decrypting
 * anything: TLS record headers (RFC 8446 5.1), the ClientHello handshake message reassembled from one
 * or more records (4.1.2), its extensions (4.2). Pure and bounds-checked: any input gives a result,
 * never an exception. Every length field is checked against what contains it, because the input is
 * whatever anyone on the internet sends.
 */
public final class ClientHelloParser {
    static final int RECORD_HEADER_SIZE_BYTES = 5;
    /** RFC 8446 5.1: a plaintext record body must not exceed 2^14 bytes. */
    static final int RECORD_BODY_SIZE_BYTES_MAX = 1 << 14;
    static final int HANDSHAKE_HEADER_SIZE_BYTES = 4;
    /** DNS names are at most 253 characters in text form. */
    static final int HOST_NAME_SIZE_BYTES_MAX = 253;

    private static final int CONTENT_TYPE_HANDSHAKE = 22;
    private static final int HANDSHAKE_TYPE_CLIENT_HELLO = 1;
    private static final int RANDOM_SIZE_BYTES = 32;
    private static final int SESSION_ID_SIZE_BYTES_MAX = 32;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int NAME_TYPE_HOST_NAME = 0;

    private ClientHelloParser() {}

    /**
     * Looks at {@code input[0, length)}, the bytes received so far on a connection. Throws only when
     * {@code length} is not within {@code input} (a bug of the caller, not bad input).
     */
    public static ParseResult parse(byte[] input, int length) {
        Objects.checkFromIndexSize(0, length, input.length);
        // First pass: walk the records that carry the ClientHello and learn its length; no copy, so
        // that a client sending its hello slowly costs little per look.
        int position = 0; // start of the current record
        int handshake_seen = 0; // bytes of the handshake message in the records walked so far
        int handshake_total = -1; // header + body of the ClientHello, once its header has been seen
        int message_length = 0;
        while (handshake_total < 0 || handshake_seen < handshake_total) {
            int header_available = length - position;
            if (header_available < RECORD_HEADER_SIZE_BYTES) {
                Malformed early = checkHeaderPrefix(input, position, header_available);
                if (early != null) {
                    return early;
                }
                int handshake_missing = handshake_total < 0 ? 0 : handshake_total - handshake_seen;
                return new NeedMore(position + RECORD_HEADER_SIZE_BYTES + handshake_missing);
            }
            Malformed bad_header = checkHeaderPrefix(input, position, RECORD_HEADER_SIZE_BYTES);
            if (bad_header != null) {
                return bad_header;
            }
            int record_length = u16(input, position + 3);
            if (record_length == 0) {
                return new Malformed("empty handshake record");
            }
            if (record_length > RECORD_BODY_SIZE_BYTES_MAX) {
                return new Malformed("record longer than 2^14 bytes");
            }
            int body_start = position + RECORD_HEADER_SIZE_BYTES;
            int record_end = body_start + record_length;
            int body_available = Math.min(length, record_end) - body_start;
            // The 4-byte handshake header may itself be split over records.
            for (int i = 0; i < body_available && handshake_seen + i < HANDSHAKE_HEADER_SIZE_BYTES; i++) {
                int b = input[body_start + i] & 0xFF;
                if (handshake_seen + i == 0) {
                    if (b != HANDSHAKE_TYPE_CLIENT_HELLO) {
                        return new Malformed("first handshake message is not a ClientHello");
                    }
                } else {
                    message_length = (message_length << 8) | b;
                }
            }
            handshake_seen += body_available;
            if (handshake_total < 0 && handshake_seen >= HANDSHAKE_HEADER_SIZE_BYTES) {
                handshake_total = HANDSHAKE_HEADER_SIZE_BYTES + message_length;
            }
            if (handshake_total >= 0 && handshake_seen > handshake_total) {
                return new Malformed("the ClientHello's records hold more than the ClientHello");
            }
            if (record_end > length) {
                int handshake_missing = handshake_total < 0 ? 0 : handshake_total - handshake_seen;
                return new NeedMore(Math.max(record_end, length + handshake_missing));
            }
            position = record_end;
        }
        assert handshake_seen == handshake_total && position <= length;
        // Second pass: the message is complete; gather its fragments into one array.
        byte[] message = new byte[handshake_total];
        int copied = 0;
        int record_start = 0;
        while (copied < handshake_total) {
            int record_length = u16(input, record_start + 3);
            System.arraycopy(input, record_start + RECORD_HEADER_SIZE_BYTES, message, copied, record_length);
            copied += record_length;
            record_start += RECORD_HEADER_SIZE_BYTES + record_length;
        }
        assert copied == handshake_total && record_start == position;
        return parseClientHello(new Cursor(message, HANDSHAKE_HEADER_SIZE_BYTES, handshake_total));
    }

    /** Checks the first {@code available} (< 5 allowed) bytes of a record header. */
    private static Malformed checkHeaderPrefix(byte[] input, int position, int available) {
        if (available >= 1 && (input[position] & 0xFF) != CONTENT_TYPE_HANDSHAKE) {
            return new Malformed(position == 0 ? "not a TLS handshake record" : "ClientHello interrupted by another record type");
        }
        // Record versions are 3.0 (SSL 3) to 3.4 (TLS 1.3 in some clients); 3.1 and 3.3 in practice.
        if (available >= 2 && (input[position + 1] & 0xFF) != 3) {
            return new Malformed("record version is not 3.x");
        }
        if (available >= 3 && (input[position + 2] & 0xFF) > 4) {
            return new Malformed("record version is not 3.0 to 3.4");
        }
        return null;
    }

    private static ParseResult parseClientHello(Cursor hello) {
        int legacy_version = hello.u16();
        if (legacy_version < 0) {
            return truncated();
        }
        if (legacy_version >> 8 != 3) {
            return new Malformed("ClientHello version is not 3.x");
        }
        if (!hello.skip(RANDOM_SIZE_BYTES)) {
            return truncated();
        }
        int session_id_length = hello.u8();
        if (session_id_length < 0 || !hello.skip(session_id_length)) {
            return truncated();
        }
        if (session_id_length > SESSION_ID_SIZE_BYTES_MAX) {
            return new Malformed("session id longer than 32 bytes");
        }
        int cipher_suites_length = hello.u16();
        if (cipher_suites_length < 0 || !hello.skip(cipher_suites_length)) {
            return truncated();
        }
        if (cipher_suites_length < 2 || cipher_suites_length % 2 != 0) {
            return new Malformed("cipher suite list is empty or odd");
        }
        int compression_methods_length = hello.u8();
        if (compression_methods_length < 0 || !hello.skip(compression_methods_length)) {
            return truncated();
        }
        if (compression_methods_length < 1) {
            return new Malformed("compression method list is empty");
        }
        if (hello.remaining() == 0) {
            return ParseResult.NO_NAME; // a hello without extensions (TLS 1.2 allows it)
        }
        int extensions_length = hello.u16();
        if (extensions_length != hello.remaining()) {
            return new Malformed("extensions length does not match the ClientHello length");
        }
        String name = null;
        boolean seen_server_name = false;
        while (hello.remaining() > 0) {
            int type = hello.u16();
            int extension_length = hello.u16();
            if (type < 0 || extension_length < 0 || extension_length > hello.remaining()) {
                return new Malformed("extension runs past the extension list");
            }
            if (type == EXTENSION_SERVER_NAME) {
                if (seen_server_name) {
                    return new Malformed("two server_name extensions");
                }
                seen_server_name = true;
                ParseResult server_name = parseServerName(hello.slice(extension_length));
                if (server_name instanceof Malformed) {
                    return server_name;
                }
                if (server_name instanceof Name found) {
                    name = found.name();
                }
            }
            boolean skipped = hello.skip(extension_length);
            assert skipped;
        }
        return name == null ? ParseResult.NO_NAME : new Name(name);
    }

    /** RFC 6066 3: ServerNameList, one entry per name type, host_name (0) is the one that matters. */
    private static ParseResult parseServerName(Cursor extension) {
        int list_length = extension.u16();
        if (list_length < 0 || list_length != extension.remaining() || list_length == 0) {
            return new Malformed("server_name list length does not match its extension");
        }
        String host_name = null;
        while (extension.remaining() > 0) {
            int name_type = extension.u8();
            int name_length = extension.u16();
            if (name_type < 0 || name_length < 0 || name_length > extension.remaining()) {
                return new Malformed("server name runs past its list");
            }
            if (name_type == NAME_TYPE_HOST_NAME) {
                if (host_name != null) {
                    return new Malformed("two host names in server_name");
                }
                host_name = hostName(extension.bytes, extension.position, name_length);
                if (host_name == null) {
                    return new Malformed("server name is not a DNS name");
                }
            }
            boolean skipped = extension.skip(name_length);
            assert skipped;
        }
        return host_name == null ? ParseResult.NO_NAME : new Name(host_name);
    }

    /** The lower case name if {@code bytes[start, start + length)} is 1..253 of [A-Za-z0-9.-_], else null. */
    static String hostName(byte[] bytes, int start, int length) {
        if (length < 1 || length > HOST_NAME_SIZE_BYTES_MAX) {
            return null;
        }
        char[] name = new char[length];
        for (int i = 0; i < length; i++) {
            int c = bytes[start + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return null;
            }
            name[i] = (char) c;
        }
        return new String(name);
    }

    private static Malformed truncated() {
        return new Malformed("ClientHello ends inside a field");
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    /** A read position in {@code bytes[position, end)}; reads past the end return -1 instead of throwing. */
    private static final class Cursor {
        final byte[] bytes;
        int position;
        final int end;

        Cursor(byte[] bytes, int position, int end) {
            assert 0 <= position && position <= end && end <= bytes.length;
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        int u8() {
            if (remaining() < 1) {
                return -1;
            }
            return bytes[position++] & 0xFF;
        }

        int u16() {
            if (remaining() < 2) {
                return -1;
            }
            int value = ClientHelloParser.u16(bytes, position);
            position += 2;
            return value;
        }

        boolean skip(int count) {
            if (count < 0 || count > remaining()) {
                return false;
            }
            position += count;
            return true;
        }

        /** The next {@code count} bytes as a cursor of their own; this cursor does not move. */
        Cursor slice(int count) {
            assert count >= 0 && count <= remaining();
            return new Cursor(bytes, position, position + count);
        }
    }
}
