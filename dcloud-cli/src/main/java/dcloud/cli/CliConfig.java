package dcloud.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** HOME/config.json: which node the CLI talks to and which key signs by default. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CliConfig(@JsonProperty("node_url") String nodeUrl, @JsonProperty("default_key") String defaultKey) {
    public static final String NODE_URL_DEFAULT = "http://127.0.0.1:7700";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CliConfig load(Path home) throws IOException {
        Path file = home.resolve("config.json");
        return Files.exists(file) ? JSON.readValue(file.toFile(), CliConfig.class) : new CliConfig(null, null);
    }

    public void save(Path home) throws IOException {
        Files.createDirectories(home);
        JSON.writerWithDefaultPrettyPrinter().writeValue(home.resolve("config.json").toFile(), this);
    }

    public CliConfig withNodeUrl(String url) {
        return new CliConfig(url, defaultKey);
    }

    public CliConfig withDefaultKey(String name) {
        return new CliConfig(nodeUrl, name);
    }
}
