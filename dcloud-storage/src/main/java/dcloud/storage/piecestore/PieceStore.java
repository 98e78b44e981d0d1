package dcloud.storage.piecestore;

import dcloud.core.bytes.Hex;
import dcloud.core.codec.DecodeException;
import dcloud.core.codec.Reader;
import dcloud.core.codec.Writer;
import dcloud.core.merkle.ChunkRoots;
import dcloud.core.merkle.MerkleStream;
import dcloud.core.rocks.KeyValueDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A storage node's pieces on disk: one file per piece under {@code pieces/ab/abcd...}, streamed to a
 * temporary file while its Merkle tree is computed, fsynced and renamed, then recorded in a RocksDB
 * index (size, Merkle root, contract) with a synced write, so an acknowledged piece survives a crash.
 * Capacity is enforced before writing; every refusal is a {@link PieceException} naming the rule.
 *
 * <p>A piece file is the piece's bytes followed by its {@link ChunkRoots} (0.2% more): proofs read
 * one 16 KiB chunk per challenged leaf and the scrub checks chunk by chunk, and neither hashes a
 * whole piece per epoch. Files written before the chunk roots existed get them on first use.
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

    private final Path dir;
    private final long capacity_bytes;
    private final KeyValueDb index_db;
    private final RocksDB index;
    private final WriteOptions synced;
    private long used_bytes;
    private long piece_count;

    public PieceStore(Path dir, long capacity_bytes) throws IOException {
        this.dir = dir;
        this.capacity_bytes = capacity_bytes;
        Files.createDirectories(dir.resolve("pieces"));
        this.index_db = KeyValueDb.open(dir.resolve("index"), "piece index", "");
        this.index = index_db.db;
        this.synced = index_db.synced;
        try (var iterator = index.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                used_bytes += footprintBytes(decode(iterator.key(), iterator.value()).sizeBytes());
                piece_count++;
            }
        }
    }

    /** The disk a piece of {@code piece_size_bytes} takes: its bytes and, after them, its chunk roots. */
    public static long footprintBytes(long piece_size_bytes) {
        return piece_size_bytes + ChunkRoots.sizeBytes(piece_size_bytes);
    }

    /**
     * The piece bytes a node with {@code capacity_bytes} of disk offers on-ledger, which counts only
     * piece sizes: 1/513 is kept back for the chunk roots (32 bytes per 16 KiB chunk). Only pieces
     * far smaller than a chunk can use more, and then the store itself refuses with "full".
     */
    public static long offeredBytes(long capacity_bytes) {
        return capacity_bytes - (capacity_bytes + 512) / 513;
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
        long footprint_bytes = footprintBytes(size_bytes);
        reserve(id, footprint_bytes);
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
            counted(1);
            return info;
        } finally {
            if (!stored) {
                Files.deleteIfExists(temp);
            }
            release(id, stored ? 0 : footprint_bytes);
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
            byte[] chunk_roots = merkle.chunkRoots().toBytes();
            file.write(chunk_roots, 0, chunk_roots.length);
            file.finish();
        }
        return merkle.root();
    }

    private final java.util.TreeSet<String> in_flight = new java.util.TreeSet<>();

    private synchronized void reserve(byte[] id, long footprint_bytes) throws PieceException {
        if (info(id) != null || in_flight.contains(Hex.encode(id))) {
            throw new PieceException("exists", "piece " + Hex.encode(id) + " is already stored");
        }
        if (used_bytes + footprint_bytes > capacity_bytes) {
            throw new PieceException("full", "storage is full: " + (capacity_bytes - used_bytes) + " bytes free, piece needs "
                    + footprint_bytes + " (its bytes and chunk roots)");
        }
        in_flight.add(Hex.encode(id));
        used_bytes += footprint_bytes;
    }

    private synchronized void counted(int added) {
        piece_count += added;
    }

    private synchronized void release(byte[] id, long unused_bytes) {
        in_flight.remove(Hex.encode(id));
        used_bytes -= unused_bytes;
    }

    /** The first stored pieces in id order (at most {@code limit}). */
    public java.util.List<PieceInfo> list(int limit) {
        return listAfter(null, limit);
    }

    /**
     * Stored pieces in id order after {@code after_id} (from the first when null), at most
     * {@code limit}: callers walk every piece a page at a time, holding one page in memory.
     */
    public synchronized java.util.List<PieceInfo> listAfter(byte[] after_id, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        java.util.List<PieceInfo> out = new java.util.ArrayList<>(Math.min(limit, 1024));
        try (var iterator = index.newIterator()) {
            if (after_id == null) {
                iterator.seekToFirst();
            } else {
                iterator.seek(after_id);
                if (iterator.isValid() && Arrays.equals(iterator.key(), after_id)) {
                    iterator.next();
                }
            }
            for (; iterator.isValid() && out.size() < limit; iterator.next()) {
                out.add(decode(iterator.key(), iterator.value()));
            }
        }
        return out;
    }

    /** How many pieces are stored (counted when the store opens, then kept). */
    public synchronized long count() {
        return piece_count;
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

    /** Takes a piece's bytes one direct buffer at a time; the buffer is reused once {@link #write} returns. */
    public interface DirectSink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * Writes bytes [offset, offset + length) of a piece (cut at its end) to {@code out} through a
     * bounded buffer, so serving a piece never holds it whole; returns the bytes written.
     */
    public long copy(byte[] id, long offset, long length, java.io.OutputStream out) throws PieceException, IOException {
        byte[] array = new byte[(int) Math.min(DirectBuffers.BUFFER_BYTES, Math.max(1, length))];
        return copy(id, offset, length, bytes -> {
            int count = bytes.remaining();
            bytes.get(array, 0, count);
            out.write(array, 0, count);
        });
    }

    /**
     * Like {@link #copy(byte[], long, long, java.io.OutputStream)} through a direct buffer, which a
     * socket sends without the two copies a heap array costs (into a temporary direct buffer on
     * the read, and again on the write): the piece API serves pieces this way.
     */
    public long copy(byte[] id, long offset, long length, DirectSink out) throws PieceException, IOException {
        PieceInfo info = info(id);
        if (info == null) {
            throw new PieceException("not_found", "no piece " + Hex.encode(id));
        }
        if (offset < 0 || length < 0 || offset > info.sizeBytes()) {
            throw new PieceException("bad_range", "range " + offset + "+" + length + " is outside the piece's " + info.sizeBytes() + " bytes");
        }
        long size = Math.min(length, info.sizeBytes() - offset);
        ByteBuffer buffer = DirectBuffers.take(1);
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            long done = 0;
            while (done < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + done + buffer.position()) < 0) {
                        throw new PieceException("damaged", "piece " + Hex.encode(id) + " is shorter on disk than recorded");
                    }
                }
                int count = buffer.flip().remaining();
                out.write(buffer);
                done += count;
            }
        } finally {
            DirectBuffers.give(buffer);
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
        used_bytes -= footprintBytes(info.sizeBytes());
        piece_count--;
    }

    public synchronized long usedBytes() {
        return used_bytes;
    }

    public long capacityBytes() {
        return capacity_bytes;
    }

    private PieceInfo require(byte[] id) throws PieceException {
        PieceInfo info = info(id);
        if (info == null) {
            throw new PieceException("not_found", "no piece " + Hex.encode(id));
        }
        return info;
    }

    /**
     * The piece's chunk roots, from the end of its file. When they are missing (a file from before
     * they were kept) or no longer give the recorded root (the 0.2% that holds them was damaged),
     * they are rebuilt from the piece's bytes and written back; if those bytes do not give the
     * recorded root either, the piece is damaged and this says so ("damaged").
     */
    public ChunkRoots chunkRoots(byte[] id) throws PieceException, IOException {
        PieceInfo info = require(id);
        int trailer_bytes = ChunkRoots.sizeBytes(info.sizeBytes());
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            if (channel.size() == info.sizeBytes() + trailer_bytes) {
                ChunkRoots stored = ChunkRoots.of(readFully(channel, info.sizeBytes(), trailer_bytes, id), info.sizeBytes());
                if (Arrays.equals(stored.root(), info.merkleRoot())) {
                    return stored;
                }
            }
        }
        return rebuildChunkRoots(id, info);
    }

    private ChunkRoots rebuildChunkRoots(byte[] id, PieceInfo info) throws PieceException, IOException {
        MerkleStream merkle = new MerkleStream();
        copy(id, 0, info.sizeBytes(), new java.io.OutputStream() {
            @Override
            public void write(int b) {
                merkle.update(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                merkle.update(data, offset, length);
            }
        });
        ChunkRoots rebuilt = merkle.chunkRoots();
        if (!Arrays.equals(rebuilt.root(), info.merkleRoot())) {
            throw new PieceException("damaged", "piece " + Hex.encode(id) + " no longer hashes to its recorded Merkle root");
        }
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer roots = java.nio.ByteBuffer.wrap(rebuilt.toBytes());
            while (roots.hasRemaining()) {
                channel.write(roots, info.sizeBytes() + roots.position());
            }
            channel.truncate(info.sizeBytes() + rebuilt.toBytes().length);
            channel.force(true);
        }
        return rebuilt;
    }

    /** All the bytes of chunk {@code chunk} of a piece. */
    public byte[] readChunk(byte[] id, int chunk) throws PieceException, IOException {
        PieceInfo info = require(id);
        if (chunk < 0 || chunk >= ChunkRoots.chunkCount(info.sizeBytes())) {
            throw new PieceException("bad_range", "chunk " + chunk + " is outside the piece's " + ChunkRoots.chunkCount(info.sizeBytes()) + " chunks");
        }
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            return readFully(channel, ChunkRoots.chunkOffset(chunk), ChunkRoots.chunkLength(info.sizeBytes(), chunk), id);
        }
    }

    private static byte[] readFully(FileChannel channel, long offset, int length, byte[] id) throws PieceException, IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new PieceException("damaged", "piece " + Hex.encode(id) + " is shorter on disk than recorded");
            }
        }
        return buffer.array();
    }

    /** Told how many bytes a scrub has read, so it can keep to a rate (by sleeping). */
    public interface Pacer {
        void consumed(long bytes) throws InterruptedException;
    }

    /**
     * Reads the whole piece and checks every chunk against its root: returns the first damaged
     * chunk, or -1 when the piece is intact (bit rot, tampering and truncation all show here).
     */
    public int scrub(byte[] id, Pacer pacer) throws PieceException, IOException, InterruptedException {
        PieceInfo info = require(id);
        ChunkRoots roots;
        try {
            roots = chunkRoots(id);
        } catch (PieceException e) {
            if (e.code.equals("damaged")) {
                return 0;
            }
            throw e;
        }
        int per_read = RECEIVE_BUFFER_BYTES / ChunkRoots.CHUNK_SIZE_BYTES;
        byte[] buffer = new byte[per_read * ChunkRoots.CHUNK_SIZE_BYTES];
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            for (int first = 0; first < roots.chunkCount(); first += per_read) {
                int last = Math.min(roots.chunkCount(), first + per_read);
                long start = ChunkRoots.chunkOffset(first);
                int length = (int) (ChunkRoots.chunkOffset(last - 1) + ChunkRoots.chunkLength(info.sizeBytes(), last - 1) - start);
                java.nio.ByteBuffer slice = java.nio.ByteBuffer.wrap(buffer, 0, length);
                while (slice.hasRemaining()) {
                    if (channel.read(slice, start + slice.position()) < 0) {
                        return first + slice.position() / ChunkRoots.CHUNK_SIZE_BYTES;
                    }
                }
                for (int chunk = first; chunk < last; chunk++) {
                    int offset = (int) (ChunkRoots.chunkOffset(chunk) - start);
                    if (!roots.matches(chunk, buffer, offset, ChunkRoots.chunkLength(info.sizeBytes(), chunk))) {
                        return chunk;
                    }
                }
                pacer.consumed(length);
            }
        }
        return -1;
    }

    /** Whether the bytes on disk still hash to the recorded Merkle root (bit rot, tampering). */
    public boolean verify(byte[] id) throws PieceException, IOException {
        try {
            return info(id) != null && scrub(id, bytes -> {}) < 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        index_db.close();
    }
}
