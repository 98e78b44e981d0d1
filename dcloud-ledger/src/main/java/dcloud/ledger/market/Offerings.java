package dcloud.ledger.market;

import dcloud.ledger.TxContext;
import dcloud.ledger.registry.Registry;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.tx.Offering;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Offerings on the ledger. Keys: {@code 0x60 ‖ number → offering}, {@code 0x61 ‖ provider ‖ local id → number},
 * {@code 0x68 → next number}. Every field is checked with a message naming it.
 */
public final class Offerings {
    public static final Set<String> PRODUCT_TYPES = Set.of("compute", "gpu", "storage", "dedicated");
    public static final Set<String> STORAGE_TYPES = Set.of("none", "hdd", "ssd", "nvme");
    public static final Set<String> CONFIDENTIAL = Set.of("none", "sev-snp", "tdx");
    public static final int HOURS_MAX = 5 * 8760;
    public static final int CAPACITY_MAX = 10_000;
    private static final Pattern LOCAL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,31}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final byte[] NEXT = {0x68};

    private Offerings() {}

    public static byte[] key(long number) {
        return Values.concat(new byte[] {0x60}, Values.u64(number));
    }

    public static byte[] prefix() {
        return new byte[] {0x60};
    }

    public static StoredOffering get(StateReader state, long number) {
        byte[] bytes = state.get(key(number));
        return bytes == null ? null : StoredOffering.decode(bytes);
    }

    static void put(Overlay state, StoredOffering offering) {
        state.put(key(offering.number()), offering.encode());
    }

    /** Null when valid; otherwise the field and the rule. */
    public static String validate(Offering o) {
        if (!LOCAL_ID.matcher(o.localId()).matches()) {
            return "id must be 1-64 characters of a-z, 0-9, '.', '_', '-', got '" + o.localId() + "'";
        }
        if (o.name().isBlank() || o.name().length() > 128) {
            return "name must be 1 to 128 characters";
        }
        if (!PRODUCT_TYPES.contains(o.productType())) {
            return "product_type must be one of compute, gpu, storage, dedicated, got '" + o.productType() + "'";
        }
        String shape = validateShape(o);
        if (shape != null) {
            return shape;
        }
        if (!COUNTRY.matcher(o.country()).matches()) {
            return "country must be an ISO 3166-1 alpha-2 code such as DE, got '" + o.country() + "'";
        }
        if (Math.abs(o.latitudeMicro()) > 90_000_000L || Math.abs(o.longitudeMicro()) > 180_000_000L) {
            return "coordinates must be latitude -90..90 and longitude -180..180";
        }
        if (o.pricePerHourE9s() <= 0) {
            return "price_per_hour must be positive";
        }
        if (o.minHours() < 1 || o.maxHours() < o.minHours() || o.maxHours() > HOURS_MAX) {
            return "min_hours and max_hours must satisfy 1 <= min_hours <= max_hours <= " + HOURS_MAX;
        }
        if (o.capacity() < 1 || o.capacity() > CAPACITY_MAX) {
            return "capacity must be between 1 and " + CAPACITY_MAX;
        }
        for (List<String> words : List.of(o.workloadKinds(), o.features(), o.operatingSystems())) {
            for (String word : words) {
                if (!WORD.matcher(word).matches()) {
                    return "workload_kinds, features and operating_systems entries must be lower-case words, got '" + word + "'";
                }
            }
        }
        return o.workloadKinds().isEmpty() ? "workload_kinds must list at least one kind (e.g. vm, container, wasm, process)" : null;
    }

    private static String validateShape(Offering o) {
        if (!STORAGE_TYPES.contains(o.storageType())) {
            return "storage_type must be one of none, hdd, ssd, nvme, got '" + o.storageType() + "'";
        }
        if (!CONFIDENTIAL.contains(o.confidential())) {
            return "confidential must be one of none, sev-snp, tdx, got '" + o.confidential() + "'";
        }
        if (o.vcpu() < 0 || o.memoryGib() < 0 || o.storageGib() < 0 || o.bandwidthMbps() < 0 || o.trafficGib() < 0
                || o.gpuCount() < 0 || o.gpuMemoryGib() < 0) {
            return "sizes must not be negative";
        }
        boolean needs_cpu = !o.productType().equals("storage");
        if (needs_cpu && (o.vcpu() < 1 || o.memoryGib() < 1)) {
            return "vcpu and memory_gib must be at least 1 for a " + o.productType() + " offering";
        }
        if (o.productType().equals("gpu") && (o.gpuModel().isBlank() || o.gpuCount() < 1)) {
            return "gpu_model and gpu_count (at least 1) are required for a gpu offering";
        }
        if (o.productType().equals("storage") && (o.storageGib() < 1 || o.storageType().equals("none"))) {
            return "storage_gib (at least 1) and a storage_type are required for a storage offering";
        }
        return null;
    }

    public static TxResult publish(Overlay state, TxContext context, byte[] provider, Offering offering) {
        if (!Registry.isProvider(state, provider)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "only registered providers publish offerings (dcloud provider register)");
        }
        String invalid = validate(offering);
        if (invalid != null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, invalid);
        }
        byte[] local_key = Values.concat(new byte[] {0x61}, provider, offering.localId().getBytes(StandardCharsets.UTF_8));
        byte[] existing = state.get(local_key);
        StoredOffering stored;
        if (existing != null) {
            StoredOffering old = get(state, Values.u64(existing, 0));
            stored = new StoredOffering(old.number(), provider, false, old.inUse(), context.height(), offering);
        } else {
            long number = Values.u64OrZero(state.get(NEXT)) + 1;
            state.put(NEXT, Values.u64(number));
            state.put(local_key, Values.u64(number));
            stored = new StoredOffering(number, provider, false, 0, context.height(), offering);
        }
        put(state, stored);
        return new TxResult(TxStatus.OK, "offering " + stored.number(), stored.number());
    }

    public static TxResult withdraw(Overlay state, byte[] signer, long number) {
        StoredOffering offering = get(state, number);
        if (offering == null) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "no offering " + number);
        }
        if (!java.util.Arrays.equals(offering.provider(), signer)) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "offering " + number + " belongs to another provider");
        }
        if (offering.withdrawn()) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "offering " + number + " is already withdrawn");
        }
        put(state, new StoredOffering(number, offering.provider(), true, offering.inUse(), offering.publishedHeight(), offering.offering()));
        return TxResult.OK;
    }

    public static long count(StateReader state) {
        return Values.u64OrZero(state.get(NEXT));
    }
}
