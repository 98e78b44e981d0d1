package dcloud.ledger.genesis;

import dcloud.core.account.Account;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Chain-wide facts written once at genesis and read by every block: chain id, minting account, validators. */
public record ChainConfig(String chainId, Account mintingAccount, List<byte[]> validatorKeys) {
    private static final byte[] KEY = "\u0001chain/config".getBytes(StandardCharsets.US_ASCII);

    public static ChainConfig of(Genesis genesis) {
        List<byte[]> keys = new ArrayList<>();
        for (Genesis.Validator validator : genesis.validators()) {
            keys.add(validator.publicKey());
        }
        return new ChainConfig(genesis.chainId(), genesis.mintingAccount(), keys);
    }

    public void write(Overlay state) {
        Writer writer = new Writer().string(chainId).fixed(mintingAccount.toBytes()).u32(validatorKeys.size());
        for (byte[] key : validatorKeys) {
            writer.fixed(key);
        }
        state.put(KEY, writer.toBytes());
    }

    public static ChainConfig read(StateReader state) {
        byte[] bytes = state.get(KEY);
        if (bytes == null) {
            throw new IllegalStateException("state has no chain config: genesis was not applied");
        }
        try {
            Reader reader = new Reader(bytes);
            String chain_id = reader.string(64, "chain_id");
            Account minting = Account.fromBytes(reader.fixed(64, "minting_account"));
            long count = reader.u32("validators");
            List<byte[]> keys = new ArrayList<>();
            for (long i = 0; i < count && i < Genesis.VALIDATORS_MAX; i++) {
                keys.add(reader.fixed(32, "validator"));
            }
            reader.end("chain config");
            return new ChainConfig(chain_id, minting, keys);
        } catch (DecodeException e) {
            throw new IllegalStateException("stored chain config is corrupt: " + e.getMessage(), e);
        }
    }

    public boolean isValidator(byte[] public_key) {
        for (byte[] key : validatorKeys) {
            if (Arrays.equals(key, public_key)) {
                return true;
            }
        }
        return false;
    }
}
