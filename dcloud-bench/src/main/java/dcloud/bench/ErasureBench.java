package dcloud.bench;

import dcloud.storage.erasure.ReedSolomon;
import java.util.Random;

/**
 * Reed–Solomon encode and decode throughput on one thread (MB/s of data in), for 4-of-8, 10-of-30
 * and 29-of-80, with the table and vector coders, next to a plain copy of the same bytes.
 * Usage: ErasureBench [DATA_MIB]
 */
public final class ErasureBench {
    public static void main(String[] args) {
        int data_mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        System.out.printf("java %s, %d MiB of data per run, one thread%n", System.getProperty("java.version"), data_mib);
        double copy = copyRate(data_mib);
        System.out.printf("plain copy: %.0f MB/s%n", copy);
        for (int[] shape : new int[][] {{4, 8}, {10, 30}, {29, 80}}) {
            for (String coder : new String[] {"table", "vector"}) {
                ReedSolomon rs = ReedSolomon.withCoder(shape[0], shape[1], coder);
                int shard_size = (int) ((long) data_mib * 1024 * 1024 / shape[0]);
                byte[][] shards = new byte[shape[1]][shard_size];
                Random random = new Random(1);
                for (int i = 0; i < shape[0]; i++) {
                    random.nextBytes(shards[i]);
                }
                double encode = rate(data_mib, () -> rs.encode(shards, shard_size));
                boolean[] present = new boolean[shape[1]];
                for (int i = shape[1] - shape[0]; i < shape[1]; i++) {
                    present[i] = true; // the worst case: every data shard lost, rebuilt from parity (and parity re-encoded)
                }
                double decode = rate(data_mib, () -> rs.decode(shards, present, shard_size));
                System.out.printf("%2d-of-%-2d %-10s encode %6.0f MB/s (%.2f of copy)  decode %6.0f MB/s%n", shape[0], shape[1],
                        rs.coderName(), encode, encode / copy, decode);
            }
        }
    }

    private static double rate(int data_mib, Runnable work) {
        work.run();
        work.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - started);
        }
        return data_mib * 1.048576 / (best / 1e9);
    }

    private static double copyRate(int data_mib) {
        byte[] source = new byte[data_mib * 1024 * 1024];
        byte[] target = new byte[source.length];
        new Random(2).nextBytes(source);
        return rate(data_mib, () -> System.arraycopy(source, 0, target, 0, source.length));
    }
}
