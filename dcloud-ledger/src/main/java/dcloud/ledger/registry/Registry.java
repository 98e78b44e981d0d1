package dcloud.ledger.registry;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.TxContext;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.Payments;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.regex.Pattern;

/**
 * Identities: providers (identifiable, legally responsible: name, legal name, country, contact) and
 * users. Registering costs the current epoch reward / fee_divisor, paid to the treasury; a profile
 * update is free. Keys: {@code 0x33 ‖ owner → provider}, {@code 0x34 ‖ owner → user}.
 */
public final class Registry {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");
    private static final Pattern WEBSITE = Pattern.compile("https?://[A-Za-z0-9.-]{1,200}(:[0-9]{1,5})?(/[^\\s]{0,200})?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public record Provider(ProviderProfile profile, long registeredHeight) {}

    public record User(String name, String email, long registeredHeight) {}

    private Registry() {}

    static byte[] providerKey(byte[] owner) {
        return Values.concat(new byte[] {0x33}, owner);
    }

    static byte[] userKey(byte[] owner) {
        return Values.concat(new byte[] {0x34}, owner);
    }

    public static byte[] providerPrefix() {
        return new byte[] {0x33};
    }

    /** Null when every field is valid; otherwise the field and the rule. */
    public static String validate(ProviderProfile p) {
        if (p.name().isBlank() || p.name().length() > 64) {
            return "name must be 1 to 64 characters";
        }
        if (p.legalName().isBlank() || p.legalName().length() > 128) {
            return "legal_name must be 1 to 128 characters";
        }
        if (!COUNTRY.matcher(p.country()).matches()) {
            return "country must be an ISO 3166-1 alpha-2 code such as DE, got '" + p.country() + "'";
        }
        if (!EMAIL.matcher(p.email()).matches()) {
            return "email must look like name@example.com, got '" + p.email() + "'";
        }
        if (!WEBSITE.matcher(p.website()).matches()) {
            return "website must be an http(s) URL such as https://example.com, got '" + p.website() + "'";
        }
        if (p.slaUptimeBps() < 9000 || p.slaUptimeBps() > 10_000) {
            return "sla_uptime must be between 90% and 100%";
        }
        if (p.description().length() > 500) {
            return "description must be at most 500 characters";
        }
        return null;
    }

    /** The fee for registering (and for a check-in): the current epoch reward / fee_divisor. */
    public static long fee(StateReader state) {
        return Rewards.currentReward(state) / Params.get(state, Param.FEE_DIVISOR);
    }

    public static TxResult registerProvider(Overlay state, TxContext context, byte[] signer, RegisterProvider tx) {
        String invalid = validate(tx.profile());
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        boolean exists = state.get(providerKey(signer)) != null;
        if (tx.update() != exists) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, exists ? "already registered as a provider; use an update"
                    : "not registered as a provider; register first");
        }
        long registered = context.height();
        if (tx.update()) {
            registered = provider(state, signer).registeredHeight();
        } else {
            TxResult paid = Payments.move(state, Account.of(signer), Treasury.ACCOUNT, fee(state));
            if (!paid.ok()) {
                return paid;
            }
        }
        Writer writer = new Writer().u64(registered);
        writer.string(tx.profile().name()).string(tx.profile().legalName()).string(tx.profile().country()).string(tx.profile().email())
                .string(tx.profile().website()).u32(tx.profile().slaUptimeBps()).string(tx.profile().description());
        state.put(providerKey(signer), writer.toBytes());
        return TxResult.OK;
    }

    public static TxResult registerUser(Overlay state, TxContext context, byte[] signer, RegisterUser tx) {
        if (tx.name().isBlank() || tx.name().length() > 64) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "name must be 1 to 64 characters");
        }
        if (!tx.email().isEmpty() && !EMAIL.matcher(tx.email()).matches()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "email must look like name@example.com, got '" + tx.email() + "'");
        }
        if (state.get(userKey(signer)) != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "already registered as a user");
        }
        TxResult paid = Payments.move(state, Account.of(signer), Treasury.ACCOUNT, fee(state));
        if (!paid.ok()) {
            return paid;
        }
        state.put(userKey(signer), new Writer().u64(context.height()).string(tx.name()).string(tx.email()).toBytes());
        return TxResult.OK;
    }

    public static Provider provider(StateReader state, byte[] owner) {
        byte[] bytes = state.get(providerKey(owner));
        return bytes == null ? null : decodeProvider(bytes);
    }

    public static Provider decodeProvider(byte[] bytes) {
        try {
            Reader reader = new Reader(bytes);
            long height = reader.u64("registered");
            ProviderProfile profile = new ProviderProfile(reader.string(512, "name"), reader.string(512, "legal_name"),
                    reader.string(512, "country"), reader.string(512, "email"), reader.string(512, "website"),
                    (int) reader.u32("sla"), reader.string(512, "description"));
            return new Provider(profile, height);
        } catch (DecodeException e) {
            throw new IllegalStateException("stored provider is corrupt: " + e.getMessage(), e);
        }
    }

    public static User user(StateReader state, byte[] owner) {
        byte[] bytes = state.get(userKey(owner));
        if (bytes == null) {
            return null;
        }
        try {
            Reader reader = new Reader(bytes);
            long height = reader.u64("registered");
            return new User(reader.string(512, "name"), reader.string(512, "email"), height);
        } catch (DecodeException e) {
            throw new IllegalStateException("stored user is corrupt: " + e.getMessage(), e);
        }
    }

    public static boolean isProvider(StateReader state, byte[] owner) {
        return state.get(providerKey(owner)) != null;
    }

    public static boolean isUser(StateReader state, byte[] owner) {
        return state.get(userKey(owner)) != null;
    }
}
