package dcloud.core.amount;

import java.math.BigDecimal;

/**
 * DCT amounts are {@code long} counts of e9s (10^-9 DCT). This class only converts between the
 * text people type ("1.25") and e9s, and prints "1.25 DCT". Arithmetic stays on longs with
 * {@link Math#addExact} so an overflow is an error, never a wrap.
 */
public final class Amount {
    public static final int DECIMALS = 9;
    public static final long E9S_PER_DCT = 1_000_000_000L;
    public static final String SYMBOL = "DCT";

    private Amount() {}

    /** Parses "1.25", "0.001", "7" or "1.25 DCT". Rejects negatives, more than 9 decimals, overflow. */
    public static long parseDct(String text) {
        String trimmed = text.trim();
        if (trimmed.toUpperCase(java.util.Locale.ROOT).endsWith(SYMBOL)) {
            trimmed = trimmed.substring(0, trimmed.length() - SYMBOL.length()).trim();
        }
        if (!trimmed.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            throw new IllegalArgumentException("amount '" + text + "' must be a non-negative decimal such as 1.25");
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (value.scale() > DECIMALS && value.stripTrailingZeros().scale() > DECIMALS) {
            throw new IllegalArgumentException("amount '" + text + "' has more than " + DECIMALS + " decimals");
        }
        BigDecimal e9s = value.movePointRight(DECIMALS);
        if (e9s.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("amount '" + text + "' is too large");
        }
        return e9s.longValueExact();
    }

    /** "1.25" for 1_250_000_000 e9s: no trailing zeros, no exponent. */
    public static String formatDct(long e9s) {
        BigDecimal value = BigDecimal.valueOf(e9s, DECIMALS).stripTrailingZeros();
        if (value.scale() < 0) {
            value = value.setScale(0);
        }
        return value.toPlainString();
    }

    /** "1.25 DCT". */
    public static String display(long e9s) {
        return formatDct(e9s) + " " + SYMBOL;
    }
}
