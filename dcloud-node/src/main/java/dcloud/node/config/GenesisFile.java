package dcloud.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.ledger.genesis.Genesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** genesis.json: the same file on every validator of a chain. */
public final class GenesisFile {
    public record ValidatorJson(@JsonProperty("id") String id, @JsonProperty("public_key") String publicKey) {}

    public record AllocationJson(@JsonProperty("account") String account, @JsonProperty("e9s") long e9s) {}

    public record GenesisJson(@JsonProperty("chain_id") String chainId, @JsonProperty("network") String network,
                              @JsonProperty("genesis_time_ns") long genesisTimeNs,
                              @JsonProperty("minting_account_owner") String mintingOwner,
                              @JsonProperty("transfer_fee_e9s") long transferFeeE9s,
                              @JsonProperty("validators") List<ValidatorJson> validators,
                              @JsonProperty("allocations") List<AllocationJson> allocations,
                              @JsonProperty("params") java.util.Map<String, Long> params) {}

    private GenesisFile() {}

    public static Genesis read(Path file) throws IOException {
        GenesisJson json = Json.MAPPER.readValue(file.toFile(), GenesisJson.class);
        Genesis genesis;
        try {
            genesis = new Genesis(json.chainId(), json.network(), json.genesisTimeNs(), Hex.decode(json.mintingOwner()),
                    json.transferFeeE9s(),
                    json.validators().stream().map(v -> new Genesis.Validator(v.id(), Hex.decode(v.publicKey()))).toList(),
                    json.allocations().stream().map(a -> new Genesis.Allocation(Account.parse(a.account()), a.e9s())).toList(),
                    new java.util.TreeMap<>(json.params() == null ? java.util.Map.of() : json.params()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        String invalid = genesis.validate();
        if (invalid != null) {
            throw new IOException(file + ": " + invalid);
        }
        return genesis;
    }

    public static void write(Path file, Genesis genesis) throws IOException {
        GenesisJson json = new GenesisJson(genesis.chainId(), genesis.network(), genesis.genesisTimeNs(),
                Hex.encode(genesis.mintingOwner()), genesis.transferFeeE9s(),
                genesis.validators().stream().map(v -> new ValidatorJson(v.id(), Hex.encode(v.publicKey()))).toList(),
                genesis.allocations().stream().map(a -> new AllocationJson(a.account().toText(), a.e9s())).toList(), genesis.params());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Json.MAPPER.writeValue(file.toFile(), json);
    }
}
