package dcloud.storage.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dcloud.core.bytes.Hex;
import dcloud.ledger.tx.SetIndexPointer;
import dcloud.storage.crypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The object index's backup in the network itself: the index is stored as an ordinary encrypted
 * object, and the ledger keeps a pointer to it, a note sealed with a key from the mnemonic
 * (salt ‖ AES-GCM(manifest of the backup)). A fresh machine with the mnemonic opens the pointer,
 * reads the backup and writes the index back.
 */
public final class IndexBackup {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BACKUP_NAME = "(dcloud storage index)";
    private final StorageClient client;

    public IndexBackup(StorageClient client) {
        this.client = client;
    }

    /** Stores the current index, points the ledger at it and cancels the previous backup's contracts. */
    public ObjectManifest backup(Redundancy shape, long epochs) throws StorageException, IOException {
        ObjectManifest previous = current();
        byte[] json = ObjectIndex.JSON.writeValueAsBytes(client.index.list());
        ObjectManifest stored = client.putStream(new ByteArrayInputStream(json), json.length, BACKUP_NAME, shape, epochs, Progress.NONE);
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] sealed = new SegmentCipher(client.keys.pointerKey(salt)).encrypt(ObjectIndex.JSON.writeValueAsBytes(stored));
        byte[] pointer = dcloud.ledger.state.Values.concat(salt, sealed);
        if (pointer.length > SetIndexPointer.POINTER_SIZE_BYTES_MAX) {
            throw new StorageException("the index backup's pointer is " + pointer.length + " bytes, above the ledger's "
                    + SetIndexPointer.POINTER_SIZE_BYTES_MAX + "; the index is too large for one backup object");
        }
        client.ledger.submit(new SetIndexPointer(pointer));
        if (previous != null) {
            client.cancelContracts(previous);
        }
        return stored;
    }

    /** The manifest of the latest backup, or null when there is none. */
    ObjectManifest current() throws StorageException, IOException {
        var answer = client.ledger.find("/api/v1/storage/pointers/" + client.ledger.account());
        if (answer == null) {
            return null;
        }
        byte[] pointer = Hex.decode(answer.path("pointer").asText());
        if (pointer.length <= 32) {
            throw new StorageException("the index pointer on the ledger is too short to be one");
        }
        try {
            byte[] json = new SegmentCipher(client.keys.pointerKey(Arrays.copyOf(pointer, 32))).decrypt(Arrays.copyOfRange(pointer, 32, pointer.length));
            return ObjectIndex.JSON.readValue(json, ObjectManifest.class);
        } catch (IllegalArgumentException e) {
            throw new StorageException("the index pointer does not open with this key's mnemonic: " + e.getMessage());
        }
    }

    /** Reads the latest backup into the local index; returns the restored manifests. */
    public List<ObjectManifest> restore(Progress progress) throws StorageException, IOException {
        ObjectManifest backup = current();
        if (backup == null) {
            throw new StorageException("account " + client.ledger.account() + " has no index backup on the ledger (nothing was stored, or from another key)");
        }
        List<ObjectManifest> manifests = read(backup, progress);
        for (ObjectManifest manifest : manifests) {
            client.index.put(manifest);
        }
        return manifests;
    }

    /**
     * The segment ids the latest backup names, its own and every listed object's (none when there is
     * no backup). It is read from the network, so objects another machine backed up are in it.
     */
    Set<String> namedSegments() throws StorageException, IOException {
        ObjectManifest backup = current();
        Set<String> named = new TreeSet<>();
        if (backup == null) {
            return named;
        }
        List<ObjectManifest> listed;
        try {
            listed = read(backup, Progress.NONE);
        } catch (StorageException e) {
            throw new StorageException("the index backup cannot be read, so which segments it names is unknown: " + e.getMessage(), e);
        }
        for (ObjectManifest manifest : listed) {
            manifest.segments().forEach(ref -> named.add(ref.segmentId()));
        }
        backup.segments().forEach(ref -> named.add(ref.segmentId()));
        return named;
    }

    private List<ObjectManifest> read(ObjectManifest backup, Progress progress) throws StorageException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        client.read(backup, bytes, progress);
        return ObjectIndex.JSON.readValue(bytes.toByteArray(), new TypeReference<List<ObjectManifest>>() { });
    }
}
