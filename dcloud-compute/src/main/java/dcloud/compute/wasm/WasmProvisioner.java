package dcloud.compute.wasm;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import dcloud.compute.provision.Limits;
import dcloud.core.files.FileTrees;
import dcloud.compute.provision.Logs;
import dcloud.compute.provision.ProbeResult;
import dcloud.compute.provision.ProvisionException;
import dcloud.compute.provision.Provisioner;
import dcloud.compute.provision.WorkloadSpec;
import dcloud.compute.provision.WorkloadStatus;
import dcloud.compute.provision.WorkloadStatus.State;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs WASI preview 1 command modules as batch jobs in Chicory's interpreter, each on a platform
 * thread of a bounded pool. A job sees: args {@code [<id>]}, the spec's env, empty stdin, stdout and
 * stderr (written to {@code result/stdout} and {@code result/stderr}, each cut at the output limit),
 * and one preopened directory {@code /out}, an in-memory file system of its own that is copied to
 * {@code result/out} when the job ends. Nothing else of the host is reachable.
 *
 * <p>Limits: memory through the module's maximum pages (memory.grow past it returns -1; a module
 * declaring more initial memory is refused at start); CPU time through a watchdog that interrupts the
 * job's thread once its thread CPU time (wall time where the JVM cannot measure CPU time) passes the
 * limit, which the interpreter notices at the next loop or call; output sizes; the module's size; the
 * number of running and queued jobs.
 *
 * <p>When a job ends, {@code result/status.json} is written last; {@link #adopt} serves that result
 * after an agent restart. A job that was running when its agent died is not resumed: adopt deletes its
 * partial result and returns false, and the caller starts it again.
 */
public final class WasmProvisioner implements Provisioner {
    public static final String KIND = "wasm";
    public static final long MODULE_SIZE_BYTES_MAX_DEFAULT = 64L * 1024 * 1024;
    /** Finished jobs remembered in memory; older ones are still served after {@link #adopt}. */
    static final int FINISHED_MAX = 10_000;
    static final long WATCHDOG_PERIOD_MS = 10;
    private static final long STOP_WAIT_MS = 10_000;
    private static final long THREAD_STACK_BYTES = 16L * 1024 * 1024;
    private static final Logger QUIET = new Logger() {
        @Override
        public void log(Level level, String message, Throwable error) {}

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }
    };
    static final Map<String, FunctionType> WASI_FUNCTIONS = wasiFunctions();

    private final int jobsMax;
    private final int pendingMax;
    private final long moduleSizeBytesMax;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTimeMeasured;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<Job> running = ConcurrentHashMap.newKeySet();
    private final Queue<Job> finished = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * @param jobs_max jobs that run at once (one platform thread each)
     * @param pending_max jobs that may wait for a thread; start() refuses more
     * @param module_size_bytes_max largest module accepted (parsing takes several times this in heap)
     */
    public WasmProvisioner(int jobs_max, int pending_max, long module_size_bytes_max) {
        if (jobs_max <= 0 || pending_max < 0 || module_size_bytes_max <= 0) {
            throw new IllegalArgumentException("jobs_max and module_size_bytes_max must be positive, pending_max >= 0");
        }
        this.jobsMax = jobs_max;
        this.pendingMax = pending_max;
        this.moduleSizeBytesMax = module_size_bytes_max;
        AtomicInteger numbers = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(jobs_max, jobs_max, 30, TimeUnit.SECONDS,
                pending_max == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(pending_max),
                task -> {
                    Thread thread = new Thread(null, task, "wasm-job-" + numbers.incrementAndGet(), THREAD_STACK_BYTES);
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.cpuTimeMeasured = enableCpuTime(threads);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wasm-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleAtFixedRate(this::watch, WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** {@code jobs_max} running, as many again queued, modules up to 64 MiB. */
    /** What every job sees as argv[0]. */
    public static final String ARGV0 = "job";

    public WasmProvisioner(int jobs_max) {
        this(jobs_max, jobs_max, MODULE_SIZE_BYTES_MAX_DEFAULT);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Whether the Chicory interpreter can instantiate and run a trivial module here. */
    @Override
    public ProbeResult probe() {
        try {
            long started = System.nanoTime();
            Instance instance = Instance.builder(Parser.parse(TRIVIAL_MODULE)).withStart(false).build();
            instance.export("_start").apply();
            double ms = (System.nanoTime() - started) / 1e6;
            return ProbeResult.yes("chicory " + chicoryVersion() + " interpreter, WASI preview 1; trivial module ran in "
                    + String.format(java.util.Locale.ROOT, "%.1f", ms) + " ms; cpu limit by " + (cpuTimeMeasured ? "thread cpu time" : "wall time (no thread cpu time here)"));
        } catch (RuntimeException | LinkageError e) {
            return ProbeResult.no("chicory cannot run a trivial wasm module: " + e);
        }
    }

    /**
     * Checks the module (size, parse, imports, _start, memory against the limit) and queues the job.
     * The job's {@code result/} is emptied first.
     */
    @Override
    public void start(WorkloadSpec spec) throws ProvisionException {
        if (closed) {
            throw new ProvisionException("the wasm provisioner is closed");
        }
        ModuleCheck.Checked checked = ModuleCheck.check(readModule(spec.artifact()), spec.limits(), WASI_FUNCTIONS);
        synchronized (this) {
            Job existing = jobs.get(spec.id());
            if (existing != null && !existing.status().state().isFinal()) {
                throw new ProvisionException("wasm job " + spec.id() + " is already " + existing.status().detail());
            }
            try {
                FileTrees.delete(spec.resultDir());
                Files.createDirectories(spec.resultDir().resolve("out"));
            } catch (IOException e) {
                throw new ProvisionException("cannot prepare " + spec.resultDir() + ": " + e, e);
            }
            Job job = new Job(spec, checked);
            jobs.put(spec.id(), job);
            try {
                pool.execute(job.task);
            } catch (RejectedExecutionException e) {
                jobs.remove(spec.id(), job);
                throw new ProvisionException("too many wasm jobs: " + jobsMax + " running and " + pendingMax
                        + " queued already; try again later");
            }
        }
    }

    /**
     * True if the job finished under a previous agent (its {@code result/status.json} exists): its result
     * is then served again. Otherwise deletes any partial result and returns false: a wasm job does not
     * outlive its agent and must be started again.
     */
    @Override
    public boolean adopt(WorkloadSpec spec) {
        Job existing = jobs.get(spec.id());
        if (existing != null && (!existing.status().state().isFinal() || existing.spec.resultDir().equals(spec.resultDir()))) {
            return true; // this provisioner runs it already, or has its result
        }
        var status = StatusFile.read(spec.resultDir());
        if (status.isPresent()) {
            Job job = new Job(spec, null);
            job.status = status.get();
            job.done.countDown();
            jobs.put(spec.id(), job);
            remember(job);
            return true;
        }
        try {
            FileTrees.delete(spec.resultDir());
        } catch (IOException e) {
            // nothing to serve either way; start() empties the directory again
        }
        return false;
    }

    @Override
    public WorkloadStatus status(String workload_id) {
        Job job = jobs.get(workload_id);
        return job == null ? WorkloadStatus.unknown(workload_id) : job.status();
    }

    /** The last bytes of stdout and stderr, labelled, as every provisioner gives them ({@link Logs#tail}). */
    @Override
    public String logs(String workload_id, int size_bytes_max) {
        Job job = jobs.get(workload_id);
        return job == null || size_bytes_max <= 0 ? "" : Logs.tail(job.spec.resultDir(), size_bytes_max);
    }

    /** Interrupts a running job or drops a queued one (STOPPED) and waits for it to finish; idempotent. */
    @Override
    public void stop(String workload_id) {
        Job job = jobs.get(workload_id);
        if (job == null) {
            return;
        }
        boolean dequeued = false;
        synchronized (job) {
            if (job.status().state().isFinal() || job.stopRequested) {
                // already finished or being stopped
            } else {
                job.stopRequested = true;
                if (job.thread != null) {
                    job.thread.interrupt();
                } else {
                    dequeued = pool.remove(job.task);
                }
            }
        }
        if (dequeued) {
            finish(job, new WorkloadStatus(State.STOPPED, -1, "stopped before it started"));
        }
        try {
            job.done.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops every job (STOPPED) and waits for them to write their results, then ends the threads.
     * Threads are interrupted only while they run a module, never while they save its result.
     */
    @Override
    public void close() {
        closed = true;
        List<Runnable> queued = new ArrayList<>();
        pool.getQueue().drainTo(queued);
        pool.shutdown();
        for (Job job : List.copyOf(jobs.values())) {
            synchronized (job) {
                if (!job.status().state().isFinal()) {
                    job.stopRequested = true;
                    if (job.thread != null) {
                        job.thread.interrupt();
                    }
                }
            }
            if (queued.contains(job.task)) {
                finish(job, new WorkloadStatus(State.STOPPED, -1, "stopped before it started"));
            }
        }
        try {
            pool.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    // ---- one job ----

    private final class Job {
        final WorkloadSpec spec;
        final ModuleCheck.Checked checked;
        final Runnable task = this::run;
        final CountDownLatch done = new CountDownLatch(1);
        volatile WorkloadStatus status = new WorkloadStatus(State.RUNNING, 0, "queued");
        // guarded by this:
        Thread thread;
        boolean stopRequested;
        String limitReached;
        long cpuStart;
        long wallStart;

        Job(WorkloadSpec spec, ModuleCheck.Checked checked) {
            this.spec = spec;
            this.checked = checked;
        }

        WorkloadStatus status() {
            return status;
        }

        private void run() {
            synchronized (this) {
                if (stopRequested) {
                    finish(this, new WorkloadStatus(State.STOPPED, -1, "stopped before it started"));
                    return;
                }
                thread = Thread.currentThread();
                wallStart = System.nanoTime();
                cpuStart = cpuTimeMeasured ? threads.getThreadCpuTime(thread.threadId()) : 0;
                status = WorkloadStatus.running();
            }
            Limits limits = spec.limits();
            Path result = spec.resultDir();
            BoundedOutput stdout = null, stderr = null;
            OutDir out = null;
            Throwable failure = null;
            try {
                stdout = new BoundedOutput(result.resolve("stdout"), limits.outputBytesMax());
                stderr = new BoundedOutput(result.resolve("stderr"), limits.outputBytesMax());
                out = new OutDir(limits.outputBytesMax());
                running.add(this);
                execute(stdout, stderr, out);
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (this) {
                    thread = null;
                }
                running.remove(this);
                Thread.interrupted(); // an interrupt meant for the module must not reach the next job
            }
            WorkloadStatus outcome = outcome(failure);
            List<String> notes = new ArrayList<>();
            if (stdout != null && stdout.truncated()) {
                notes.add("stdout cut at " + limits.outputBytesMax() + " of " + stdout.offered() + " bytes");
            }
            if (stderr != null && stderr.truncated()) {
                notes.add("stderr cut at " + limits.outputBytesMax() + " of " + stderr.offered() + " bytes");
            }
            if (out != null) {
                try {
                    OutDir.Copied copied = out.copyTo(result.resolve("out"), limits.outputBytesMax());
                    if (copied.skipped() > 0) {
                        notes.add(copied.skipped() + " entries of /out not copied (links, names the host cannot store, or over the limit)");
                    }
                } catch (IOException | RuntimeException e) {
                    notes.add("/out not copied: " + e);
                }
            }
            closeQuietly(stdout);
            closeQuietly(stderr);
            closeQuietly(out);
            if (!notes.isEmpty()) {
                outcome = new WorkloadStatus(outcome.state(), outcome.exitCode(), outcome.detail() + "; " + String.join("; ", notes));
            }
            finish(this, outcome);
        }

        private void execute(BoundedOutput stdout, BoundedOutput stderr, OutDir out) {
            WasiOptions.Builder options = WasiOptions.builder()
                    .withStdin(InputStream.nullInputStream(), false)
                    .withStdout(stdout, false)
                    .withStderr(stderr, false)
                    // argv[0] is the same for every job: replicas of one job on different providers must see
                    // identical inputs, or their results could not be compared.
                    .withArguments(List.of(ARGV0))
                    .withDirectory("/out", out.root());
            spec.env().forEach(options::withEnvironment);
            int pages_max = checked.memoryPagesMax();
            long elements_max = checked.tableElementsMax();
            try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(QUIET).withOptions(options.build()).build()) {
                Instance instance = Instance.builder(checked.module())
                        .withImportValues(ImportValues.builder().addFunction(out.guard(wasi.toHostFunctions())).build())
                        .withMemoryFactory(declared -> new ByteArrayMemory(
                                new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), pages_max))))
                        .withTableFactory((table, initial) -> new TableInstance(new Table(table.elementType(),
                                new TableLimits(table.limits().min(), Math.min(table.limits().max(), elements_max)),
                                table.initialize()), initial))
                        .withStart(false) // else build() would run _start itself, on this thread but before we are ready
                        .build();
                instance.export("_start").apply();
            }
        }

        private WorkloadStatus outcome(Throwable failure) {
            String limit;
            boolean stopped;
            synchronized (this) {
                limit = limitReached;
                stopped = stopRequested;
            }
            Integer exit = exitCode(failure);
            if (stopped) {
                return new WorkloadStatus(State.STOPPED, exit == null ? -1 : exit, "stopped");
            }
            if (failure == null) {
                return new WorkloadStatus(State.SUCCEEDED, 0, "returned from _start");
            }
            if (exit != null) {
                return exit == 0
                        ? new WorkloadStatus(State.SUCCEEDED, 0, "exit code 0")
                        : new WorkloadStatus(State.FAILED, exit, "exit code " + exit);
            }
            if (limit != null) {
                return new WorkloadStatus(State.FAILED, -1, limit);
            }
            if (failure instanceof StackOverflowError) {
                return new WorkloadStatus(State.FAILED, -1, "trap: call stack exhausted");
            }
            if (failure instanceof OutOfMemoryError) {
                return new WorkloadStatus(State.FAILED, -1, "out of memory in the provider: " + failure.getMessage());
            }
            if (failure instanceof ChicoryException) {
                return new WorkloadStatus(State.FAILED, -1, "trap: " + failure.getMessage());
            }
            if (failure instanceof IOException) {
                return new WorkloadStatus(State.FAILED, -1, "could not set up the job: " + failure);
            }
            return new WorkloadStatus(State.FAILED, -1, "internal error: " + failure);
        }
    }

    private static Integer exitCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WasiExitException exit) {
                return exit.exitCode();
            }
        }
        return null;
    }

    /** Records a final status: status.json first, then the in-memory state, then wakes stop(). */
    private void finish(Job job, WorkloadStatus outcome) {
        synchronized (job) {
            if (job.status.state().isFinal()) {
                return;
            }
            try {
                StatusFile.write(job.spec.resultDir(), outcome);
            } catch (IOException | RuntimeException e) {
                outcome = new WorkloadStatus(outcome.state(), outcome.exitCode(), outcome.detail() + "; status.json not written: " + e);
            }
            job.status = outcome;
        }
        job.done.countDown();
        remember(job);
    }

    private void remember(Job job) {
        finished.add(job);
        while (finished.size() > FINISHED_MAX) {
            Job old = finished.poll();
            if (old != null) {
                jobs.remove(old.spec.id(), old);
            }
        }
    }

    /** Every {@link #WATCHDOG_PERIOD_MS}: interrupts jobs past their CPU time. */
    private void watch() {
        for (Job job : running) {
            synchronized (job) {
                long limit_ms = job.spec.limits().cpuTimeMsMax();
                if (job.thread == null || limit_ms == 0 || job.limitReached != null) {
                    continue;
                }
                long used;
                try {
                    used = cpuTimeMeasured
                            ? threads.getThreadCpuTime(job.thread.threadId()) - job.cpuStart
                            : System.nanoTime() - job.wallStart;
                } catch (RuntimeException e) { // an exception would cancel the periodic task: count wall time instead
                    used = System.nanoTime() - job.wallStart;
                }
                if (used > limit_ms * 1_000_000) {
                    job.limitReached = "cpu time limit " + limit_ms + " ms reached";
                    job.thread.interrupt();
                }
            }
        }
    }

    // ---- helpers ----

    private byte[] readModule(Path artifact) throws ProvisionException {
        try {
            long size = Files.size(artifact);
            if (size > moduleSizeBytesMax) {
                throw new ProvisionException("wasm module is " + size + " bytes, above this provider's limit of " + moduleSizeBytesMax);
            }
            try (InputStream in = Files.newInputStream(artifact)) {
                byte[] bytes = in.readNBytes((int) Math.min(moduleSizeBytesMax, Integer.MAX_VALUE - 8) + 1);
                if (bytes.length > moduleSizeBytesMax) {
                    throw new ProvisionException("wasm module grew past this provider's limit of " + moduleSizeBytesMax + " bytes while read");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ProvisionException("wasm module " + artifact + " does not exist");
        } catch (IOException e) {
            throw new ProvisionException("cannot read wasm module " + artifact + ": " + e, e);
        }
    }

    private static boolean enableCpuTime(ThreadMXBean threads) {
        try {
            if (!threads.isThreadCpuTimeSupported()) {
                return false;
            }
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return threads.getCurrentThreadCpuTime() >= 0;
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }


    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing left to do with it
            }
        }
    }

    private static Map<String, FunctionType> wasiFunctions() {
        Map<String, FunctionType> functions = new HashMap<>();
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(QUIET).build()) {
            for (HostFunction f : wasi.toHostFunctions()) {
                functions.put(f.name(), f.functionType());
            }
        }
        return Map.copyOf(functions);
    }

    static String chicoryVersion() {
        try (InputStream in = Instance.class.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/runtime/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    /** {@code (module (func (export "_start")))}, assembled by hand. */
    static final byte[] TRIVIAL_MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: one type, func () -> ()
        0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
        0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00, // export "_start" = function 0
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code section: one body of 2 bytes: no locals, end
    };
}
