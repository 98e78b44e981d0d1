package dcloud.ledger.tx;

import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a provider rents out (whitepaper 5.3). {@code localId} is the provider's own name for it;
 * publishing the same local id again updates the offering. Coordinates are micro-degrees;
 * memory and storage are GiB; prices are e9s per hour; traffic 0 means unmetered.
 */
public record Offering(String localId, String name, String productType, int vcpu, long memoryGib, String storageType,
                       long storageGib, long bandwidthMbps, long trafficGib, String gpuModel, int gpuCount, int gpuMemoryGib,
                       String confidential, String country, String city, long latitudeMicro, long longitudeMicro,
                       long pricePerHourE9s, int minHours, int maxHours, List<String> workloadKinds, int capacity,
                       List<String> features, List<String> operatingSystems) {
    public static final int LIST_SIZE_MAX = 16;
    static final int TEXT_SIZE_BYTES_MAX = 128;

    public Offering {
        workloadKinds = List.copyOf(workloadKinds);
        features = List.copyOf(features);
        operatingSystems = List.copyOf(operatingSystems);
    }

    public void encode(Writer w) {
        w.string(localId).string(name).string(productType).u32(vcpu).u64(memoryGib).string(storageType).u64(storageGib)
                .u64(bandwidthMbps).u64(trafficGib).string(gpuModel).u32(gpuCount).u32(gpuMemoryGib).string(confidential)
                .string(country).string(city).u64(latitudeMicro).u64(longitudeMicro).u64(pricePerHourE9s).u32(minHours).u32(maxHours);
        list(w, workloadKinds);
        w.u32(capacity);
        list(w, features);
        list(w, operatingSystems);
    }

    private static void list(Writer w, List<String> items) {
        w.u32(items.size());
        items.forEach(w::string);
    }

    private static List<String> list(Reader r, String field) throws DecodeException {
        long count = r.u32(field + ".count");
        if (count > LIST_SIZE_MAX) {
            throw new DecodeException(field + ": at most " + LIST_SIZE_MAX + " entries");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(r.string(TEXT_SIZE_BYTES_MAX, field + "[" + i + "]"));
        }
        return out;
    }

    public static Offering decode(Reader r) throws DecodeException {
        return new Offering(r.string(TEXT_SIZE_BYTES_MAX, "id"), r.string(TEXT_SIZE_BYTES_MAX, "name"), r.string(32, "product_type"),
                (int) r.u32("vcpu"), r.u64("memory_gib"), r.string(32, "storage_type"), r.u64("storage_gib"), r.u64("bandwidth_mbps"),
                r.u64("traffic_gib"), r.string(TEXT_SIZE_BYTES_MAX, "gpu_model"), (int) r.u32("gpu_count"), (int) r.u32("gpu_memory_gib"),
                r.string(32, "confidential"), r.string(8, "country"), r.string(TEXT_SIZE_BYTES_MAX, "city"), r.u64("latitude"),
                r.u64("longitude"), Fields.amount(r, "price_per_hour"), (int) r.u32("min_hours"), (int) r.u32("max_hours"),
                list(r, "workload_kinds"), (int) r.u32("capacity"), list(r, "features"), list(r, "operating_systems"));
    }
}
