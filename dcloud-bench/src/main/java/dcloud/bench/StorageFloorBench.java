package dcloud.bench;

import com.sun.nio.file.ExtendedOpenOption;
import dcloud.core.merkle.MerkleTree;
import dcloud.storage.erasure.ReedSolomon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor under any 4-of-8 put and get on this machine: the CPU time of only the work they cannot
 * skip, each step done once with the fastest primitive at hand, with no CLI, no ledger and no JVM
 * start. Put: read the file, SHA-256 it (the object hash), AES-256-GCM it, Reed–Solomon encode it,
 * Merkle roots of the eight pieces; nodes receive the pieces over loopback TCP (one connection and
 * thread each, as eight node processes would), hash them, write them with O_DIRECT and fsync. Get:
 * four nodes read their piece with O_DIRECT and send it; the client decrypts, hashes and writes the
 * file through the page cache, as `storage get` does. Steps run one after another so each one's
 * process CPU time (user and system) is its own; a floor is the total divided by the cores, the
 * speed if every core did nothing else. The same run writes the file with O_DIRECT once (the direct
 * half of the storage benchmark's baseline).
 * Usage: StorageFloorBench FILE_MIB [ROUNDS] [DIR]
 */
public final class StorageFloorBench {
    static final int SEGMENT_BYTES = 64 << 20;
    static final int K = 4;
    static final int N = 8;
    static final int PIECE_BYTES = SEGMENT_BYTES / K;
    /** Each data piece is one GCM message (its tag inside the piece), so a get decrypts pieces as they are. */
    static final int PIECE_PLAIN_BYTES = PIECE_BYTES - 16;
    static final int IO_BYTES = 1 << 20;
    static final byte PUT = 'P';
    static final byte GET = 'G';
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU nanoseconds per step of a put over one round. */
    static final class Steps {
        long read_ns, sha_ns, encrypt_ns, encode_ns, merkle_ns, transfer_ns;

        long total() {
            return read_ns + sha_ns + encrypt_ns + encode_ns + merkle_ns + transfer_ns;
        }
    }

    /** CPU nanoseconds per step of a get over one round. */
    static final class GetSteps {
        long transfer_ns, decrypt_ns, sha_ns, write_ns;

        long total() {
            return transfer_ns + decrypt_ns + sha_ns + write_ns;
        }
    }

    public static void main(String[] args) throws Exception {
        int file_mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir")), "putfloor");
        if (file_mib % 64 != 0 || file_mib <= 0) {
            throw new IllegalArgumentException("FILE_MIB must be a positive multiple of 64, got " + file_mib);
        }
        Path file = dir.resolve("data");
        writeRandom(file, file_mib);
        int cores = Runtime.getRuntime().availableProcessors();
        double mb = file_mib * 1048576 / 1e6;
        System.out.printf("java %s, %d cores, %d MiB file, %d-of-%d, %d rounds (the best is reported)%n", System.getProperty("java.version"),
                cores, file_mib, K, N, rounds);
        long direct_ns = directWrite(file, dir.resolve("direct"));
        System.out.printf("direct disk write (O_DIRECT, fsync): %.0f MB/s; baseline (/ N/K = 2): %.0f MB/s%n", mb / (direct_ns / 1e9), mb / (direct_ns / 1e9) / 2);
        Steps best = null;
        GetSteps best_get = null;
        try (Nodes nodes = new Nodes(dir)) {
            for (int round = 0; round < rounds; round++) {
                Steps steps = round(file, file_mib, nodes);
                best = best == null || steps.total() < best.total() ? steps : best;
                GetSteps get = getRound(dir.resolve("out"), file_mib / 64, nodes);
                best_get = best_get == null || get.total() < best_get.total() ? get : best_get;
            }
        }
        System.out.printf("put, CPU seconds: read %.2f, SHA-256 %.2f, AES-GCM %.2f, Reed-Solomon %.2f, Merkle roots %.2f, "
                + "loopback transfer + node hash + O_DIRECT write %.2f; total %.2f%n", best.read_ns / 1e9, best.sha_ns / 1e9,
                best.encrypt_ns / 1e9, best.encode_ns / 1e9, best.merkle_ns / 1e9, best.transfer_ns / 1e9, best.total() / 1e9);
        printFloor("put", best.total(), cores, mb, direct_ns);
        System.out.printf("get, CPU seconds: O_DIRECT read + loopback transfer %.2f, AES-GCM %.2f, SHA-256 %.2f, page-cache write %.2f; total %.2f%n",
                best_get.transfer_ns / 1e9, best_get.decrypt_ns / 1e9, best_get.sha_ns / 1e9, best_get.write_ns / 1e9, best_get.total() / 1e9);
        printFloor("get", best_get.total(), cores, mb, direct_ns);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void printFloor(String what, long cpu_ns, int cores, double mb, long direct_ns) {
        double floor_s = cpu_ns / 1e9 / cores;
        double floor_mbs = mb / floor_s;
        System.out.printf("%s floor on %d cores: %.2f s = %.0f MB/s, ratio to the direct baseline %.2f%n", what, cores, floor_s, floor_mbs,
                floor_mbs / (mb / (direct_ns / 1e9) / 2));
    }

    static void writeRandom(Path file, int mib) throws IOException {
        byte[] block = new byte[IO_BYTES];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    static long directWrite(Path from, Path to) throws IOException {
        ByteBuffer aligned = ByteBuffer.allocateDirect(2 * IO_BYTES).alignedSlice(4096).limit(IO_BYTES);
        long started = System.nanoTime();
        try (FileChannel in = FileChannel.open(from); FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            while (in.read(aligned.clear().limit(IO_BYTES)) > 0) {
                aligned.flip();
                while (aligned.hasRemaining()) {
                    out.write(aligned);
                }
            }
            out.force(true);
        }
        long elapsed = System.nanoTime() - started;
        Files.delete(to);
        return elapsed;
    }

    static Steps round(Path file, int file_mib, Nodes nodes) throws Exception {
        Steps steps = new Steps();
        MessageDigest object_hash = MessageDigest.getInstance("SHA-256");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        ReedSolomon rs = new ReedSolomon(K, N);
        byte[] plain = new byte[K * PIECE_PLAIN_BYTES];
        byte[][] pieces = new byte[N][PIECE_BYTES];
        try (FileChannel in = FileChannel.open(file)) {
            for (int segment = 0; segment < file_mib / 64; segment++) {
                long t = cpu();
                ByteBuffer into = ByteBuffer.wrap(plain);
                while (into.hasRemaining() && in.read(into) > 0) {
                    // fill the segment
                }
                steps.read_ns += cpu() - t;
                t = cpu();
                object_hash.update(plain);
                steps.sha_ns += cpu() - t;
                t = cpu();
                for (int i = 0; i < K; i++) {
                    gcm.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(128, iv(segment, i)));
                    gcm.doFinal(plain, i * PIECE_PLAIN_BYTES, PIECE_PLAIN_BYTES, pieces[i], 0);
                }
                steps.encrypt_ns += cpu() - t;
                t = cpu();
                rs.encode(pieces, PIECE_BYTES);
                steps.encode_ns += cpu() - t;
                t = cpu();
                for (byte[] piece : pieces) {
                    MerkleTree.root(piece, 0, PIECE_BYTES);
                }
                steps.merkle_ns += cpu() - t;
                t = cpu();
                nodes.store(pieces);
                steps.transfer_ns += cpu() - t;
            }
        }
        object_hash.digest();
        return steps;
    }

    static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");

    static byte[] iv(int segment, int piece) {
        byte[] iv = new byte[12];
        iv[0] = (byte) segment;
        iv[1] = (byte) (segment >> 8);
        iv[2] = (byte) piece;
        return iv;
    }

    /** Reads {@code segments} segments back from four nodes (each serves the last piece it stored) into a file. */
    static GetSteps getRound(Path out_file, int segments, Nodes nodes) throws Exception {
        GetSteps steps = new GetSteps();
        MessageDigest object_hash = MessageDigest.getInstance("SHA-256");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] plain = new byte[K * PIECE_PLAIN_BYTES];
        byte[][] pieces = new byte[K][PIECE_BYTES];
        try (FileChannel out = FileChannel.open(out_file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int segment = 0; segment < segments; segment++) {
                long t = cpu();
                nodes.fetch(pieces);
                steps.transfer_ns += cpu() - t;
                t = cpu();
                for (int i = 0; i < K; i++) {
                    gcm.init(Cipher.DECRYPT_MODE, KEY, new GCMParameterSpec(128, iv(segments - 1, i)));
                    gcm.doFinal(pieces[i], 0, PIECE_BYTES, plain, i * PIECE_PLAIN_BYTES);
                }
                steps.decrypt_ns += cpu() - t;
                t = cpu();
                object_hash.update(plain);
                steps.sha_ns += cpu() - t;
                t = cpu();
                ByteBuffer from = ByteBuffer.wrap(plain);
                while (from.hasRemaining()) {
                    out.write(from);
                }
                steps.write_ns += cpu() - t;
            }
        }
        object_hash.digest();
        Files.delete(out_file);
        return steps;
    }

    /** This process's CPU time (user and system, every thread). */
    static long cpu() {
        return OS.getProcessCpuTime();
    }

    /**
     * Eight nodes on loopback, one connection and thread each. Before each piece the client sends one
     * byte: PUT (the piece follows; the node hashes it, writes it with O_DIRECT and fsyncs) or GET
     * (the node reads its piece with O_DIRECT and sends it back).
     */
    static final class Nodes implements AutoCloseable {
        final List<Socket> clients = new ArrayList<>();
        final List<Future<?>> nodes = new ArrayList<>();
        final ExecutorService threads = Executors.newFixedThreadPool(2 * N);
        final List<java.util.concurrent.SynchronousQueue<Boolean>> stored = new ArrayList<>();

        Nodes(Path dir) throws IOException {
            for (int i = 0; i < N; i++) {
                try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    Socket node = server.accept();
                    clients.add(client);
                    var done = new java.util.concurrent.SynchronousQueue<Boolean>();
                    stored.add(done);
                    Path piece_file = dir.resolve("node" + i);
                    nodes.add(threads.submit(() -> serve(node, piece_file, done)));
                }
            }
        }

        /** Sends piece i to node i, all at once, and returns when every node has it on disk. */
        void store(byte[][] pieces) throws Exception {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                OutputStream out = clients.get(i).getOutputStream();
                byte[] piece = pieces[i];
                sends.add(threads.submit(() -> {
                    out.write(PUT);
                    out.write(piece);
                    out.flush();
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            for (var done : stored) {
                done.take();
            }
        }

        /** Reads the piece of nodes 0..K-1 (the data pieces) into {@code pieces}, all at once. */
        void fetch(byte[][] pieces) throws Exception {
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                Socket client = clients.get(i);
                byte[] piece = pieces[i];
                reads.add(threads.submit(() -> {
                    client.getOutputStream().write(GET);
                    client.getOutputStream().flush();
                    if (client.getInputStream().readNBytes(piece, 0, PIECE_BYTES) < PIECE_BYTES) {
                        throw new IOException("node closed mid-piece");
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        }

        static Void serve(Socket socket, Path file, java.util.concurrent.SynchronousQueue<Boolean> done) throws Exception {
            ByteBuffer aligned = ByteBuffer.allocateDirect(2 * IO_BYTES).alignedSlice(4096).limit(IO_BYTES);
            byte[] buffer = new byte[IO_BYTES];
            MessageDigest hash = MessageDigest.getInstance("SHA-256");
            try (InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream();
                 FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                         ExtendedOpenOption.DIRECT)) {
                for (int op = in.read(); op >= 0; op = in.read()) {
                    if (op == PUT) {
                        receive(in, channel, aligned, buffer, hash);
                        done.put(true);
                    } else if (op == GET) {
                        send(out, channel, aligned, buffer);
                    } else {
                        throw new IOException("unknown op " + op);
                    }
                }
            }
            return null;
        }

        /** Each piece overwrites the same region: a new file per piece, as a node writes, costs no less. */
        static void receive(InputStream in, FileChannel channel, ByteBuffer aligned, byte[] buffer, MessageDigest hash) throws IOException {
            for (int received = 0; received < PIECE_BYTES; received += IO_BYTES) {
                if (in.readNBytes(buffer, 0, IO_BYTES) < IO_BYTES) {
                    throw new IOException("client closed mid-piece");
                }
                hash.update(buffer);
                aligned.clear().limit(IO_BYTES);
                aligned.put(buffer).flip();
                while (aligned.hasRemaining()) {
                    channel.write(aligned, received + aligned.position());
                }
            }
            channel.force(true);
            hash.digest();
        }

        static void send(OutputStream out, FileChannel channel, ByteBuffer aligned, byte[] buffer) throws IOException {
            for (int sent = 0; sent < PIECE_BYTES; sent += IO_BYTES) {
                aligned.clear().limit(IO_BYTES);
                while (aligned.hasRemaining()) {
                    if (channel.read(aligned, sent + aligned.position()) < 0) {
                        throw new IOException("piece file ends early");
                    }
                }
                aligned.flip().get(buffer);
                out.write(buffer);
            }
            out.flush();
        }

        @Override
        public void close() throws Exception {
            for (Socket client : clients) {
                client.close();
            }
            for (Future<?> node : nodes) {
                node.get();
            }
            threads.shutdown();
        }
    }
}
