package dcloud.node.storage;

/** HTTP byte ranges of a piece: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; one range only. */
final class Ranges {
    private Ranges() {}

    /** [start, end) of the piece to send, the whole piece without a header, or null when the header is unusable. */
    static long[] parse(String header, long size_bytes) {
        if (header == null || header.isBlank()) {
            return new long[] {0, size_bytes};
        }
        if (!header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                return suffix <= 0 ? null : new long[] {Math.max(0, size_bytes - suffix), size_bytes};
            }
            long first = Long.parseLong(spec.substring(0, dash));
            long last = dash == spec.length() - 1 ? size_bytes - 1 : Long.parseLong(spec.substring(dash + 1));
            if (first < 0 || first > last || first >= size_bytes) {
                return null;
            }
            return new long[] {first, Math.min(last + 1, size_bytes)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
