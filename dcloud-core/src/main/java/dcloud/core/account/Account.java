package dcloud.core.account;

import dcloud.core.bytes.Base32;
import dcloud.core.bytes.Hex;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An ICRC-1 account: an owner (an Ed25519 public key) and a 32-byte subaccount (all zeros is the
 * default subaccount). Text form, like ICRC-1's:
 * {@code dc<base32(owner ‖ crc32(owner))>} for the default subaccount, and
 * {@code <owner text>-<base32(crc32(owner ‖ subaccount))>.<subaccount hex without leading zeros>} otherwise.
 * Both checksums catch a mistyped character.
 */
public final class Account implements Comparable<Account> {
    public static final int OWNER_SIZE_BYTES = 32;
    public static final int SUBACCOUNT_SIZE_BYTES = 32;
    public static final String PREFIX = "dc";
    private static final byte[] DEFAULT_SUBACCOUNT = new byte[SUBACCOUNT_SIZE_BYTES];

    private final byte[] owner;
    private final byte[] subaccount;

    private Account(byte[] owner, byte[] subaccount) {
        this.owner = owner;
        this.subaccount = subaccount;
    }

    public static Account of(byte[] owner) {
        return of(owner, DEFAULT_SUBACCOUNT);
    }

    public static Account of(byte[] owner, byte[] subaccount) {
        if (owner.length != OWNER_SIZE_BYTES) {
            throw new IllegalArgumentException("account owner must be " + OWNER_SIZE_BYTES + " bytes, got " + owner.length);
        }
        if (subaccount.length != SUBACCOUNT_SIZE_BYTES) {
            throw new IllegalArgumentException("subaccount must be " + SUBACCOUNT_SIZE_BYTES + " bytes, got " + subaccount.length);
        }
        return new Account(owner.clone(), subaccount.clone());
    }

    public byte[] owner() {
        return owner.clone();
    }

    public byte[] subaccount() {
        return subaccount.clone();
    }

    public boolean hasDefaultSubaccount() {
        return Arrays.equals(subaccount, DEFAULT_SUBACCOUNT);
    }

    /** The owner with the default subaccount. */
    public Account ownerAccount() {
        return hasDefaultSubaccount() ? this : new Account(owner, DEFAULT_SUBACCOUNT);
    }

    /** 64 bytes, owner then subaccount: the key material of balances. */
    public byte[] toBytes() {
        byte[] out = new byte[OWNER_SIZE_BYTES + SUBACCOUNT_SIZE_BYTES];
        System.arraycopy(owner, 0, out, 0, OWNER_SIZE_BYTES);
        System.arraycopy(subaccount, 0, out, OWNER_SIZE_BYTES, SUBACCOUNT_SIZE_BYTES);
        return out;
    }

    public static Account fromBytes(byte[] bytes) {
        if (bytes.length != OWNER_SIZE_BYTES + SUBACCOUNT_SIZE_BYTES) {
            throw new IllegalArgumentException("account bytes must be 64");
        }
        return new Account(Arrays.copyOf(bytes, OWNER_SIZE_BYTES), Arrays.copyOfRange(bytes, OWNER_SIZE_BYTES, 64));
    }

    /** Parses account text; the message names what is wrong ("checksum", "length", "character"). */
    public static Account parse(String text) {
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        String owner_part = dot < 0 ? trimmed : trimmed.substring(0, dot);
        String sub_checksum = null;
        int dash = owner_part.indexOf('-');
        if (dash >= 0) {
            sub_checksum = owner_part.substring(dash + 1);
            owner_part = owner_part.substring(0, dash);
        }
        byte[] owner = parseOwner(owner_part, text);
        if (dot < 0) {
            if (sub_checksum != null) {
                throw new IllegalArgumentException("account '" + text + "' has a subaccount checksum but no '.subaccount'");
            }
            return new Account(owner, DEFAULT_SUBACCOUNT);
        }
        if (sub_checksum == null) {
            throw new IllegalArgumentException("account '" + text + "' has a subaccount but no '-checksum' before the '.'");
        }
        byte[] subaccount = parseSubaccountHex(trimmed.substring(dot + 1), text);
        if (!sub_checksum.equals(subaccountChecksum(owner, subaccount))) {
            throw new IllegalArgumentException("account '" + text + "' has a wrong checksum: mistyped owner or subaccount");
        }
        return new Account(owner, subaccount);
    }

    private static byte[] parseOwner(String owner_part, String text) {
        if (!owner_part.startsWith(PREFIX)) {
            throw new IllegalArgumentException("account '" + text + "' must start with '" + PREFIX + "'");
        }
        byte[] decoded;
        try {
            decoded = Base32.decode(owner_part.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("account '" + text + "' is not valid: " + e.getMessage());
        }
        if (decoded.length != OWNER_SIZE_BYTES + 4) {
            throw new IllegalArgumentException("account '" + text + "' has the wrong length (expected " + (PREFIX.length() + 58) + " characters before any '-')");
        }
        byte[] owner = Arrays.copyOf(decoded, OWNER_SIZE_BYTES);
        if (crc32(owner) != ByteBuffer.wrap(decoded, OWNER_SIZE_BYTES, 4).getInt()) {
            throw new IllegalArgumentException("account '" + text + "' has a wrong checksum: a character is mistyped");
        }
        return owner;
    }

    private static byte[] parseSubaccountHex(String hex, String text) {
        if (hex.isEmpty() || hex.length() > 64 || hex.startsWith("0")) {
            throw new IllegalArgumentException("account '" + text + "' subaccount must be 1 to 64 hex digits without leading zeros");
        }
        String padded = "0".repeat(64 - hex.length()) + hex;
        try {
            return Hex.decode(padded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("account '" + text + "' subaccount is not hex: " + e.getMessage());
        }
    }

    private static String subaccountChecksum(byte[] owner, byte[] subaccount) {
        CRC32 crc = new CRC32();
        crc.update(owner);
        crc.update(subaccount);
        return Base32.encode(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static int crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    public String toText() {
        String owner_text = PREFIX + Base32.encode(ByteBuffer.allocate(36).put(owner).putInt(crc32(owner)).array());
        if (hasDefaultSubaccount()) {
            return owner_text;
        }
        String hex = Hex.encode(subaccount).replaceFirst("^0+", "");
        return owner_text + "-" + subaccountChecksum(owner, subaccount) + "." + hex;
    }

    @Override
    public String toString() {
        return toText();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Account that && Arrays.equals(owner, that.owner) && Arrays.equals(subaccount, that.subaccount);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(owner) + Arrays.hashCode(subaccount);
    }

    @Override
    public int compareTo(Account other) {
        return Arrays.compareUnsigned(toBytes(), other.toBytes());
    }
}
