package dcloud.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.cli.keys.KeyStore;
import dcloud.client.ApiException;
import dcloud.client.NodeClient;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.SignedTx;
import java.util.List;

/**
 * The devnet's storage and compute nodes as providers: each has a provider key funded in genesis;
 * this registers those providers and waits until every node has registered itself on the ledger
 * (storage nodes with their endpoint, compute agents with their URL and the kinds they can run).
 */
final class DevnetProviders {
    static final long REGISTERED_TIMEOUT_MS = 60_000;

    private DevnetProviders() {}

    static void register(DevnetProcesses devnet, NodeClient ledger) throws Exception {
        List<String> storage = devnet.nodes().stream().filter(n -> DevnetCommand.isStorageNode(n) || DevnetCommand.isComputeNode(n)).toList();
        if (storage.isEmpty()) {
            return;
        }
        String chain_id = ledger.status().path("chain_id").asText();
        for (String node : storage) {
            KeyStore.StoredKey stored = NodeClient.JSON.readValue(devnet.home(node).resolve("provider_key.json").toFile(), KeyStore.StoredKey.class);
            if (!isProvider(ledger, stored.account())) {
                KeyPair key = stored.keyPair();
                String role = DevnetCommand.isStorageNode(node) ? "storage" : "compute";
                ProviderProfile profile = new ProviderProfile("devnet " + role + " " + node, "Devnet " + role + " " + node.toUpperCase(java.util.Locale.ROOT),
                        "CH", node + "@devnet.invalid", "https://devnet.invalid/" + node, 9990, "a " + role + " node of the local devnet");
                SignedTx tx = SignedTx.sign(key, chain_id, System.currentTimeMillis() * 1_000_000L, new RegisterProvider(profile, false));
                JsonNode answer = ledger.submit(tx);
                if (!answer.path("status").asText().equals("committed")) {
                    throw new IllegalStateException(node + ": provider registration failed: " + answer.path("error").path("message").asText());
                }
            }
        }
        awaitRegistered(ledger, "/api/v1/storage/nodes", devnet.nodes().stream().filter(DevnetCommand::isStorageNode).count());
        awaitRegistered(ledger, "/api/v1/compute/nodes", devnet.nodes().stream().filter(DevnetCommand::isComputeNode).count());
    }

    private static boolean isProvider(NodeClient ledger, String account) throws ApiException {
        try {
            ledger.get("/api/v1/providers/" + account);
            return true;
        } catch (ApiException e) {
            if (e.http_status == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void awaitRegistered(NodeClient ledger, String path, long count) throws Exception {
        long deadline = System.currentTimeMillis() + REGISTERED_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ledger.get(path).path("nodes").size() >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("nodes did not register on the ledger (" + path + ") within " + REGISTERED_TIMEOUT_MS / 1000
                + " s; see the logs in s*/node.log and c*/node.log");
    }
}
