package dcloud.node.market;

import java.util.Arrays;

/**
 * The hot numeric fields of every offering as primitive arrays indexed by offering number, so a
 * broad search reads a few contiguous arrays instead of chasing three objects per offering.
 */
public final class Columns {
    double[] price_dct = new double[0];
    long[] price_e9s = new long[0];
    int[] vcpu = new int[0];
    long[] memory_gib = new long[0];
    long[] storage_gib = new long[0];
    int[] gpu_count = new int[0];
    int[] gpu_memory_gib = new int[0];
    long[] bandwidth_mbps = new long[0];
    double[] reputation_dct = new double[0];
    double[] reputation_log = new double[0];
    int[] min_hours = new int[0];
    int[] max_hours = new int[0];
    int[] free = new int[0];
    int[] capacity = new int[0];
    long[] latitude_micro = new long[0];
    long[] longitude_micro = new long[0];

    void ensure(int size) {
        if (vcpu.length >= size) {
            return;
        }
        int length = Math.max(size, vcpu.length * 2 + 16);
        price_dct = Arrays.copyOf(price_dct, length);
        price_e9s = Arrays.copyOf(price_e9s, length);
        vcpu = Arrays.copyOf(vcpu, length);
        memory_gib = Arrays.copyOf(memory_gib, length);
        storage_gib = Arrays.copyOf(storage_gib, length);
        gpu_count = Arrays.copyOf(gpu_count, length);
        gpu_memory_gib = Arrays.copyOf(gpu_memory_gib, length);
        bandwidth_mbps = Arrays.copyOf(bandwidth_mbps, length);
        reputation_dct = Arrays.copyOf(reputation_dct, length);
        reputation_log = Arrays.copyOf(reputation_log, length);
        min_hours = Arrays.copyOf(min_hours, length);
        max_hours = Arrays.copyOf(max_hours, length);
        free = Arrays.copyOf(free, length);
        capacity = Arrays.copyOf(capacity, length);
        latitude_micro = Arrays.copyOf(latitude_micro, length);
        longitude_micro = Arrays.copyOf(longitude_micro, length);
    }

    void set(int i, OfferingDoc doc) {
        ensure(i + 1);
        price_e9s[i] = doc.o().pricePerHourE9s();
        price_dct[i] = price_e9s[i] / 1e9;
        vcpu[i] = doc.o().vcpu();
        memory_gib[i] = doc.o().memoryGib();
        storage_gib[i] = doc.o().storageGib();
        gpu_count[i] = doc.o().gpuCount();
        gpu_memory_gib[i] = doc.o().gpuMemoryGib();
        bandwidth_mbps[i] = doc.o().bandwidthMbps();
        reputation_dct[i] = doc.providerReputation() / 1e9;
        reputation_log[i] = doc.reputationLog();
        min_hours[i] = doc.o().minHours();
        max_hours[i] = doc.o().maxHours();
        free[i] = doc.stored().freeCapacity();
        capacity[i] = doc.o().capacity();
        latitude_micro[i] = doc.o().latitudeMicro();
        longitude_micro[i] = doc.o().longitudeMicro();
    }

    /** A numeric field by its query name, as a double at position i. */
    double number(String field, int i) {
        return switch (field) {
            case "price" -> price_dct[i];
            case "vcpu" -> vcpu[i];
            case "memory" -> memory_gib[i];
            case "storage" -> storage_gib[i];
            case "gpus" -> gpu_count[i];
            case "gpu_memory" -> gpu_memory_gib[i];
            case "bandwidth" -> bandwidth_mbps[i];
            case "reputation" -> reputation_dct[i];
            default -> throw new IllegalArgumentException("not a numeric field: " + field);
        };
    }
}
