package dcloud.compute.ingress;

/**
 * What a look at the first bytes of a connection found: not enough bytes yet, no name at all, bytes
 * that cannot be what they should be, or the name the client asked for (lower case ASCII).
 */
public sealed interface ParseResult {
    /**
     * The input is a valid prefix so far. {@code bytesTotalMin} is a lower bound on the input length at
     * which parsing can go on: every byte before it still belongs to the head being parsed, so a reader
     * may read up to there without taking bytes that are not its business, and a head whose bound is
     * over the reader's limit can be refused before it is read.
     */
    record NeedMore(int bytesTotalMin) implements ParseResult {
        public NeedMore {
            assert bytesTotalMin > 0;
        }
    }

    /** Complete and well formed, but without a name: no server_name extension, no Host header. */
    record NoName() implements ParseResult {}

    /** {@code reason} is a short fixed text that never quotes the input. */
    record Malformed(String reason) implements ParseResult {}

    record Name(String name) implements ParseResult {
        public Name {
            assert !name.isEmpty() && name.equals(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    NoName NO_NAME = new NoName();
}
