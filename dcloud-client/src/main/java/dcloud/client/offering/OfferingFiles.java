package dcloud.client.offering;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dcloud.core.amount.Amount;
import dcloud.ledger.market.Offerings;
import dcloud.ledger.tx.Offering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offerings in files: YAML (one offering, a list, or {@code offerings: [...]}) and CSV (a header row
 * with the same field names; list fields separated by ';'). Every offering is validated with the
 * ledger's own rules before anything is submitted, and errors name the offering and the field.
 */
public final class OfferingFiles {
    static final List<String> COLUMNS = List.of("id", "name", "product_type", "vcpu", "memory_gib", "storage_type", "storage_gib",
            "bandwidth_mbps", "traffic_gib", "gpu_model", "gpu_count", "gpu_memory_gib", "confidential", "country", "city", "latitude",
            "longitude", "price_per_hour", "min_hours", "max_hours", "workload_kinds", "capacity", "features", "operating_systems");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The YAML/CSV shape; price is DCT per hour as text ("0.25") or a number. */
    public record OfferingFile(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("product_type") String productType,
                               @JsonProperty("vcpu") Integer vcpu, @JsonProperty("memory_gib") Long memoryGib,
                               @JsonProperty("storage_type") String storageType, @JsonProperty("storage_gib") Long storageGib,
                               @JsonProperty("bandwidth_mbps") Long bandwidthMbps, @JsonProperty("traffic_gib") Long trafficGib,
                               @JsonProperty("gpu_model") String gpuModel, @JsonProperty("gpu_count") Integer gpuCount,
                               @JsonProperty("gpu_memory_gib") Integer gpuMemoryGib, @JsonProperty("confidential") String confidential,
                               @JsonProperty("country") String country, @JsonProperty("city") String city,
                               @JsonProperty("latitude") Double latitude, @JsonProperty("longitude") Double longitude,
                               @JsonProperty("price_per_hour") String pricePerHour, @JsonProperty("min_hours") Integer minHours,
                               @JsonProperty("max_hours") Integer maxHours, @JsonProperty("workload_kinds") List<String> workloadKinds,
                               @JsonProperty("capacity") Integer capacity, @JsonProperty("features") List<String> features,
                               @JsonProperty("operating_systems") List<String> operatingSystems) {
        Offering toOffering() {
            if (id == null || pricePerHour == null) {
                throw new IllegalArgumentException("id and price_per_hour are required");
            }
            long price;
            try {
                price = Amount.parseDct(pricePerHour);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("price_per_hour: " + e.getMessage());
            }
            return new Offering(id, or(name, id), or(productType, "compute"), or(vcpu, 0), or(memoryGib, 0L), or(storageType, "none"),
                    or(storageGib, 0L), or(bandwidthMbps, 0L), or(trafficGib, 0L), or(gpuModel, ""), or(gpuCount, 0), or(gpuMemoryGib, 0),
                    or(confidential, "none"), or(country, "").toUpperCase(java.util.Locale.ROOT), or(city, ""),
                    Math.round(or(latitude, 0.0) * 1e6), Math.round(or(longitude, 0.0) * 1e6), price, or(minHours, 1), or(maxHours, 720),
                    or(workloadKinds, List.of()), or(capacity, 1), or(features, List.of()), or(operatingSystems, List.of()));
        }

        private static <T> T or(T value, T fallback) {
            return value == null ? fallback : value;
        }
    }

    private OfferingFiles() {}

    public static List<Offering> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        List<OfferingFile> entries = file.toString().endsWith(".csv") ? readCsv(file) : readYaml(file);
        List<Offering> out = new ArrayList<>();
        for (OfferingFile entry : entries) {
            String label = "offering '" + entry.id() + "' in " + file.getFileName();
            Offering offering;
            try {
                offering = entry.toOffering();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": " + e.getMessage());
            }
            String invalid = Offerings.validate(offering);
            if (invalid != null) {
                throw new IllegalArgumentException(label + ": " + invalid);
            }
            out.add(offering);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no offerings");
        }
        return out;
    }

    private static List<OfferingFile> readYaml(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode list = root != null && root.has("offerings") ? root.get("offerings") : root;
        List<OfferingFile> out = new ArrayList<>();
        for (JsonNode node : list == null ? List.<JsonNode>of() : list.isArray() ? toList(list) : List.of(list)) {
            try {
                out.add(YAML.treeToValue(node, OfferingFile.class));
            } catch (UnrecognizedPropertyException e) {
                throw new IllegalArgumentException(file + ": unknown field '" + e.getPropertyName() + "'; fields are " + COLUMNS);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(file + ": " + e.getOriginalMessage());
            }
        }
        return out;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<OfferingFile> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        for (String column : header) {
            if (!COLUMNS.contains(column.trim())) {
                throw new IllegalArgumentException(file + ": unknown column '" + column + "'; columns are " + COLUMNS);
            }
        }
        List<OfferingFile> out = new ArrayList<>();
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(file + " line " + (row + 1) + ": " + cells.length + " cells, the header has " + header.size());
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                String column = header.get(i).trim();
                String cell = cells[i].trim();
                if (cell.isEmpty()) {
                    continue;
                }
                boolean list = List.of("workload_kinds", "features", "operating_systems").contains(column);
                fields.put(column, list ? Arrays.asList(cell.split(";")) : cell);
            }
            try {
                out.add(YAML.convertValue(fields, OfferingFile.class));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (row + 1) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return out;
    }

    /** CSV text of offerings as the API shows them. */
    public static String toCsv(JsonNode offerings) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (JsonNode o : offerings) {
            List<String> cells = new ArrayList<>();
            for (String column : COLUMNS) {
                JsonNode value = switch (column) {
                    case "price_per_hour" -> o.path("price_per_hour_dct");
                    default -> o.path(column);
                };
                if (value.isArray()) {
                    List<String> items = new ArrayList<>();
                    value.forEach(v -> items.add(v.asText()));
                    cells.add(String.join(";", items));
                } else {
                    cells.add(value.isMissingNode() || value.isNull() ? "" : value.asText().replace(",", " "));
                }
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }
}
