package dcloud.storage.piecestore;

import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.merkle.MerkleStream;
import dcloud.core.merkle.MerkleTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Options;
import org.rocksdb.WriteOptions;

/**
 * A storage node's pieces on disk: one file per piece under {@code pieces/ab/abcd...}, streamed to a
 * temporary file while its Merkle root is computed, fsynced and renamed, then recorded in a RocksDB index (size, Merkle root, contract)
 * with a synced write, so an acknowledged piece survives a crash. Capacity is enforced before
 * writing; every refusal is a {@link PieceException} naming the rule.
 */
public final class PieceStore implements AutoCloseable {
    public static final int PIECE_ID_SIZE_BYTES = 32;
    public static final long PIECE_SIZE_BYTES_MAX = 64L * 1024 * 1024;
    /** Uploads are received through a buffer of this size (a multiple of the Merkle leaf size). */
    static final int RECEIVE_BUFFER_BYTES = 256 * 1024;

    public record PieceInfo(byte[] id, long sizeBytes, byte[] merkleRoot, long contract) {}

    /** A refused operation, with a stable code for the API ("not_found", "full", "too_large", ...). */
    public static final class PieceException extends Exception {
        public final String code;

        PieceException(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final long capacity_bytes;
    private final RocksDB index;
    private final Options options = new Options().setCreateIfMissing(true);
    private final WriteOptions synced = new WriteOptions().setSync(true);
    private long used_bytes;

    public PieceStore(Path dir, long capacity_bytes) throws IOException {
        this.dir = dir;
        this.capacity_bytes = capacity_bytes;
        Files.createDirectories(dir.resolve("pieces"));
        try {
            this.index = RocksDB.open(options, dir.resolve("index").toString());
        } catch (RocksDBException e) {
            throw new IOException("cannot open the piece index in " + dir + ": " + e.getMessage(), e);
        }
        try (var iterator = index.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                used_bytes += decode(iterator.key(), iterator.value()).sizeBytes();
            }
        }
    }

    private Path file(byte[] id) {
        String hex = Hex.encode(id);
        return dir.resolve("pieces").resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static void checkId(byte[] id) throws PieceException {
        if (id.length != PIECE_ID_SIZE_BYTES) {
            throw new PieceException("bad_request", "piece id must be 32 bytes (64 hex digits)");
        }
    }

    /** Stores a piece; returns its Merkle root. Refuses duplicates, oversized pieces and a full disk. */
    public PieceInfo put(byte[] id, byte[] data, long contract) throws PieceException, IOException {
        return put(id, new java.io.ByteArrayInputStream(data), data.length, contract, null);
    }

    /**
     * Stores a piece of exactly {@code size_bytes} read from {@code body}, hashing it into its Merkle
     * tree while writing it to a temporary file: the piece is never whole in memory. Refuses a body
     * shorter or longer than {@code size_bytes} and, when {@code expected_root} is given, one with
     * another root; a refused or broken upload leaves no file and frees its space. Space is reserved
     * under the lock and the file is written and fsynced outside it, so uploads run in parallel.
     */
    public PieceInfo put(byte[] id, InputStream body, long size_bytes, long contract, byte[] expected_root) throws PieceException, IOException {
        checkId(id);
        if (size_bytes < 0 || size_bytes > PIECE_SIZE_BYTES_MAX) {
            throw new PieceException("too_large", "piece of " + size_bytes + " bytes exceeds the limit of " + PIECE_SIZE_BYTES_MAX);
        }
        reserve(id, size_bytes);
        boolean stored = false;
        Path target = file(id);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            byte[] root = receive(body, size_bytes, temp);
            if (expected_root != null && !Arrays.equals(root, expected_root)) {
                throw new PieceException("wrong_root", "the upload's Merkle root does not match the committed root");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            PieceInfo info = new PieceInfo(id.clone(), size_bytes, root, contract);
            try {
                index.put(synced, id, new Writer().u64(info.sizeBytes()).fixed(info.merkleRoot()).u64(contract).toBytes());
            } catch (RocksDBException e) {
                Files.deleteIfExists(target);
                throw new IOException("piece index write failed: " + e.getMessage(), e);
            }
            stored = true;
            return info;
        } finally {
            if (!stored) {
                Files.deleteIfExists(temp);
            }
            release(id, stored ? 0 : size_bytes);
        }
    }

    /** Copies exactly {@code size_bytes} of {@code body} into {@code temp} (fsynced) and returns their Merkle root. */
    private static byte[] receive(InputStream body, long size_bytes, Path temp) throws PieceException, IOException {
        MerkleStream merkle = new MerkleStream();
        byte[] buffer = new byte[(int) Math.min(RECEIVE_BUFFER_BYTES, Math.max(1, size_bytes))];
        try (PieceFileWriter file = new PieceFileWriter(temp)) {
            long remaining = size_bytes;
            while (remaining > 0) {
                int read = body.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read == 0) {
                    throw new PieceException("wrong_size", "the piece is " + size_bytes + " bytes; the upload has " + (size_bytes - remaining));
                }
                merkle.update(buffer, 0, read);
                file.write(buffer, 0, read);
                remaining -= read;
            }
            if (body.read() >= 0) {
                throw new PieceException("wrong_size", "the piece is " + size_bytes + " bytes; the upload has more");
            }
            file.finish();
        }
        return merkle.root();
    }

    private final java.util.TreeSet<String> in_flight = new java.util.TreeSet<>();

    private synchronized void reserve(byte[] id, long size_bytes) throws PieceException {
        if (info(id) != null || in_flight.contains(Hex.encode(id))) {
            throw new PieceException("exists", "piece " + Hex.encode(id) + " is already stored");
        }
        if (used_bytes + size_bytes > capacity_bytes) {
            throw new PieceException("full", "storage is full: " + (capacity_bytes - used_bytes) + " bytes free, piece needs " + size_bytes);
        }
        in_flight.add(Hex.encode(id));
        used_bytes += size_bytes;
    }

    private synchronized void release(byte[] id, long unused_bytes) {
        in_flight.remove(Hex.encode(id));
        used_bytes -= unused_bytes;
    }

    /** Every stored piece, in id order (at most {@code limit}). */
    public synchronized java.util.List<PieceInfo> list(int limit) {
        java.util.List<PieceInfo> out = new java.util.ArrayList<>();
        try (var iterator = index.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid() && out.size() < limit; iterator.next()) {
                out.add(decode(iterator.key(), iterator.value()));
            }
        }
        return out;
    }

    public synchronized PieceInfo info(byte[] id) throws PieceException {
        checkId(id);
        try {
            byte[] value = index.get(id);
            return value == null ? null : decode(id, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("piece index read failed: " + e.getMessage(), e);
        }
    }

    private static PieceInfo decode(byte[] id, byte[] value) {
        try {
            Reader reader = new Reader(value);
            PieceInfo info = new PieceInfo(id, reader.u64("size"), reader.fixed(32, "root"), reader.u64("contract"));
            reader.end("piece info");
            return info;
        } catch (DecodeException e) {
            throw new IllegalStateException("piece index entry is corrupt: " + e.getMessage(), e);
        }
    }

    /** Bytes [offset, offset + length) of a piece (a range beyond the end is cut to it). */
    public byte[] read(byte[] id, long offset, long length) throws PieceException, IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        copy(id, offset, length, out);
        return out.toByteArray();
    }

    /**
     * Writes bytes [offset, offset + length) of a piece (cut at its end) to {@code out} through a
     * bounded buffer, so serving a piece never holds it whole; returns the bytes written.
     */
    public long copy(byte[] id, long offset, long length, java.io.OutputStream out) throws PieceException, IOException {
        PieceInfo info = info(id);
        if (info == null) {
            throw new PieceException("not_found", "no piece " + Hex.encode(id));
        }
        if (offset < 0 || length < 0 || offset > info.sizeBytes()) {
            throw new PieceException("bad_range", "range " + offset + "+" + length + " is outside the piece's " + info.sizeBytes() + " bytes");
        }
        long size = Math.min(length, info.sizeBytes() - offset);
        byte[] buffer = new byte[(int) Math.min(RECEIVE_BUFFER_BYTES, Math.max(1, size))];
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            long done = 0;
            while (done < size) {
                java.nio.ByteBuffer slice = java.nio.ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, size - done));
                while (slice.hasRemaining()) {
                    if (channel.read(slice, offset + done + slice.position()) < 0) {
                        throw new PieceException("corrupt", "piece " + Hex.encode(id) + " is shorter on disk than recorded");
                    }
                }
                out.write(buffer, 0, slice.position());
                done += slice.position();
            }
        }
        return size;
    }

    public byte[] readAll(byte[] id) throws PieceException, IOException {
        return read(id, 0, Long.MAX_VALUE);
    }

    public synchronized void delete(byte[] id) throws PieceException, IOException {
        PieceInfo info = info(id);
        if (info == null) {
            throw new PieceException("not_found", "no piece " + Hex.encode(id));
        }
        try {
            index.delete(synced, id);
        } catch (RocksDBException e) {
            throw new IOException("piece index delete failed: " + e.getMessage(), e);
        }
        Files.deleteIfExists(file(id));
        used_bytes -= info.sizeBytes();
    }

    public synchronized long usedBytes() {
        return used_bytes;
    }

    public long capacityBytes() {
        return capacity_bytes;
    }

    /** Whether the bytes on disk still hash to the recorded Merkle root (bit rot, tampering). */
    public boolean verify(byte[] id) throws PieceException, IOException {
        PieceInfo info = info(id);
        return info != null && Arrays.equals(MerkleTree.root(readAll(id)), info.merkleRoot());
    }

    @Override
    public synchronized void close() {
        index.close();
        options.close();
        synced.close();
    }
}
