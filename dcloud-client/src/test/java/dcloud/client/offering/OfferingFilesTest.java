package dcloud.client.offering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.ledger.tx.Offering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfferingFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheExampleYamlAndRoundTripsThroughCsv() throws Exception {
        List<Offering> offerings = OfferingFiles.read(Path.of("../examples/offerings.yaml"));
        assertThat(offerings).extracting(Offering::localId).containsExactly("fra-gpu-h100", "par-small");
        assertThat(offerings.get(0).pricePerHourE9s()).isEqualTo(450_000_000L);
        assertThat(offerings.get(0).latitudeMicro()).isEqualTo(50_110_000L);
        var api_shape = new ObjectMapper().createArrayNode();
        for (Offering o : offerings) {
            var row = api_shape.addObject().put("id", o.localId()).put("name", o.name()).put("product_type", o.productType())
                    .put("vcpu", o.vcpu()).put("memory_gib", o.memoryGib()).put("storage_type", o.storageType()).put("storage_gib", o.storageGib())
                    .put("bandwidth_mbps", o.bandwidthMbps()).put("traffic_gib", o.trafficGib()).put("gpu_model", o.gpuModel())
                    .put("gpu_count", o.gpuCount()).put("gpu_memory_gib", o.gpuMemoryGib()).put("confidential", o.confidential())
                    .put("country", o.country()).put("city", o.city()).put("latitude", o.latitudeMicro() / 1e6).put("longitude", o.longitudeMicro() / 1e6)
                    .put("price_per_hour_dct", dcloud.core.amount.Amount.formatDct(o.pricePerHourE9s())).put("min_hours", o.minHours())
                    .put("max_hours", o.maxHours()).put("capacity", o.capacity());
            o.workloadKinds().forEach(row.putArray("workload_kinds")::add);
            o.features().forEach(row.putArray("features")::add);
            o.operatingSystems().forEach(row.putArray("operating_systems")::add);
        }
        Path csv = dir.resolve("offerings.csv");
        Files.writeString(csv, OfferingFiles.toCsv(api_shape));
        assertThat(OfferingFiles.read(csv)).isEqualTo(offerings);
    }

    @Test
    void malformedFilesNameTheOfferingTheFieldAndTheRule() throws Exception {
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, "id: a\nprice_per_hour: '1'\ncolour: red\n");
        assertThatThrownBy(() -> OfferingFiles.read(unknown)).hasMessageContaining("unknown field 'colour'");
        Path bad_price = dir.resolve("price.yaml");
        Files.writeString(bad_price, "id: a\nprice_per_hour: 'cheap'\n");
        assertThatThrownBy(() -> OfferingFiles.read(bad_price)).hasMessageContaining("offering 'a'").hasMessageContaining("price_per_hour");
        Path no_kind = dir.resolve("kind.yaml");
        Files.writeString(no_kind, "id: a\nprice_per_hour: '1'\nvcpu: 2\nmemory_gib: 4\ncountry: DE\n");
        assertThatThrownBy(() -> OfferingFiles.read(no_kind)).hasMessageContaining("workload_kinds must list at least one kind");
        Path bad_csv = dir.resolve("bad.csv");
        Files.writeString(bad_csv, "id,price_per_hour\na,1,extra\n");
        assertThatThrownBy(() -> OfferingFiles.read(bad_csv)).hasMessageContaining("line 2: 3 cells, the header has 2");
        assertThatThrownBy(() -> OfferingFiles.read(dir.resolve("missing.yaml"))).hasMessageContaining("no such file");
    }
}
