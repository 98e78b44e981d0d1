package dcloud.ledger.genesis;

import dcloud.core.account.Account;
import dcloud.core.codec.Writer;
import dcloud.core.crypto.KeyPair;
import dcloud.core.crypto.Sha256;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

/**
 * The first state of a chain. A devnet genesis may allocate test balances and name a faucet (its
 * minting account key is then known to the devnet); a production genesis allocates nothing and its
 * minting account is the all-zero owner, whose key nobody holds, so DCT appears only through minting rules.
 */
public record Genesis(String chainId, String network, long genesisTimeNs, byte[] mintingOwner, long transferFeeE9s,
                      List<Validator> validators, List<Allocation> allocations, java.util.SortedMap<String, Long> params) {
    public static final String NETWORK_DEVNET = "devnet";
    public static final String NETWORK_MAINNET = "mainnet";
    public static final long FEE_E9S_DEFAULT = 1_000_000L;
    public static final int VALIDATORS_MAX = 64;

    public record Validator(String id, byte[] publicKey) {}

    public record Allocation(Account account, long e9s) {}

    public Genesis {
        validators = List.copyOf(validators);
        allocations = List.copyOf(allocations);
        params = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(params));
    }

    /** A genesis with every other parameter at its default. */
    public Genesis(String chainId, String network, long genesisTimeNs, byte[] mintingOwner, long transferFeeE9s,
                   List<Validator> validators, List<Allocation> allocations) {
        this(chainId, network, genesisTimeNs, mintingOwner, transferFeeE9s, validators, allocations, new java.util.TreeMap<>());
    }

    /** Names the first broken rule, or returns null when the genesis is valid. */
    public String validate() {
        if (chainId.isEmpty() || chainId.length() > 64 || !chainId.matches("[a-z0-9][a-z0-9-]*")) {
            return "chain_id must be 1-64 characters of a-z, 0-9 and '-'";
        }
        if (!network.equals(NETWORK_DEVNET) && !network.equals(NETWORK_MAINNET)) {
            return "network must be 'devnet' or 'mainnet'";
        }
        if (mintingOwner.length != Account.OWNER_SIZE_BYTES) {
            return "minting_account must be a 32-byte owner";
        }
        String fee_rule = dcloud.ledger.params.Param.TRANSFER_FEE_E9S.check(transferFeeE9s);
        if (fee_rule != null) {
            return fee_rule;
        }
        for (java.util.Map.Entry<String, Long> param : params.entrySet()) {
            dcloud.ledger.params.Param known = dcloud.ledger.params.Param.byName(param.getKey());
            if (known == null || known == dcloud.ledger.params.Param.TRANSFER_FEE_E9S) {
                return "params: unknown parameter '" + param.getKey() + "' (transfer_fee_e9s has its own field)";
            }
            if (known.check(param.getValue()) != null) {
                return "params: " + known.check(param.getValue());
            }
        }
        if (validators.isEmpty() || validators.size() > VALIDATORS_MAX) {
            return "validators must list 1 to " + VALIDATORS_MAX + " entries";
        }
        Set<String> ids = new TreeSet<>();
        for (Validator validator : validators) {
            if (!ids.add(validator.id()) || !validator.id().matches("[a-z0-9-]{1,32}")) {
                return "validator ids must be unique, 1-32 characters of a-z, 0-9 and '-': " + validator.id();
            }
            if (validator.publicKey().length != KeyPair.PUBLIC_KEY_SIZE_BYTES) {
                return "validator " + validator.id() + " public key must be 32 bytes";
            }
        }
        if (network.equals(NETWORK_MAINNET) && !allocations.isEmpty()) {
            return "a mainnet genesis allocates nothing: DCT is created only by minting";
        }
        long total = 0;
        for (Allocation allocation : allocations) {
            if (allocation.e9s() <= 0) {
                return "allocation to " + allocation.account() + " must be positive";
            }
            total = Math.addExact(total, allocation.e9s());
        }
        return total > dcloud.ledger.token.TokenRules.SUPPLY_CAP_E9S ? "allocations exceed the supply cap" : null;
    }

    /** Canonical bytes; their hash is the genesis hash, the parent of block 1. */
    public byte[] encode() {
        Writer writer = new Writer();
        writer.string("dcloud/genesis/v1").string(chainId).string(network).u64(genesisTimeNs)
                .fixed(mintingOwner).u64(transferFeeE9s).u32(validators.size());
        for (Validator validator : validators) {
            writer.string(validator.id()).fixed(validator.publicKey());
        }
        writer.u32(allocations.size());
        for (Allocation allocation : allocations) {
            writer.fixed(allocation.account().toBytes()).u64(allocation.e9s());
        }
        writer.u32(params.size());
        for (java.util.Map.Entry<String, Long> param : params.entrySet()) {
            writer.string(param.getKey()).u64(param.getValue());
        }
        return writer.toBytes();
    }

    public byte[] hash() {
        return Sha256.hash(encode());
    }

    public Account mintingAccount() {
        return Account.of(mintingOwner);
    }

    public boolean isDevnet() {
        return network.equals(NETWORK_DEVNET);
    }
}
