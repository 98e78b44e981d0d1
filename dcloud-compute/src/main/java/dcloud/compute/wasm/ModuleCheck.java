package dcloud.compute.wasm;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import dcloud.compute.provision.Limits;
import dcloud.compute.provision.ProvisionException;
import java.util.Map;

/**
 * Decides whether a module may run as a wasm job under given limits, before any of it runs: it must
 * parse and validate, import only WASI preview 1 functions (with their exact types), export a
 * {@code _start} of type {@code () -> ()}, use plain function types only (no GC structs or arrays,
 * whose allocations no limit here would bound), have at most one unshared memory whose initial size
 * fits the memory limit, and tables whose initial size fits the table budget.
 */
final class ModuleCheck {
    static final int PAGE_BYTES = 65536;
    /** Chicory 1.7.5 bounds locals per declaration group only; these bound them per function and per module. */
    static final long FUNCTION_LOCALS_MAX = 50_000;
    static final long MODULE_LOCALS_MAX = 4_000_000;
    static final int TABLES_MAX = 16;
    static final String WASI_MODULE = "wasi_snapshot_preview1";

    /** A module that passed, and the caps to instantiate it with. */
    record Checked(WasmModule module, int memoryPagesMax, long tableElementsMax) {}

    private ModuleCheck() {}

    static int memoryPagesMax(Limits limits) {
        return (int) Math.min(MemoryLimits.MAX_PAGES, limits.memoryBytesMax() / PAGE_BYTES);
    }

    /** Table elements cost about 16 bytes of heap each; all tables together get as much as the memory limit. */
    static long tableElementsMax(Limits limits, int tables) {
        return Math.max(65_536, limits.memoryBytesMax() / 16) / Math.max(1, tables);
    }

    static Checked check(byte[] bytes, Limits limits, Map<String, FunctionType> wasi) throws ProvisionException {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new ProvisionException("not a wasm module: it does not start with the \\0asm header");
        }
        scanLocals(bytes);
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException e) {
            throw new ProvisionException("not a valid wasm module: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) { // the parser's own bounds checks on truncated input
            throw new ProvisionException("not a valid wasm module: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new ProvisionException("wasm module declares more than this provider can load: " + e.getMessage());
        }
        var types = module.typeSection();
        for (int i = 0; i < types.subTypeCount(); i++) {
            if (types.getSubType(i).compType().funcType() == null) {
                throw new ProvisionException("wasm module uses GC struct or array types, which wasm jobs do not support");
            }
        }
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            String name = imported.module() + "." + imported.name();
            if (!(imported instanceof FunctionImport function) || !imported.module().equals(WASI_MODULE)) {
                throw new ProvisionException("wasm module imports " + name + " (" + imported.importType().name().toLowerCase()
                        + "); a wasm job can import only WASI preview 1 functions (" + WASI_MODULE + ")");
            }
            FunctionType provided = wasi.get(imported.name());
            if (provided == null) {
                throw new ProvisionException("wasm module imports " + name + ", which is not a WASI preview 1 function");
            }
            if (!types.getType(function.typeIndex()).equals(provided)) {
                throw new ProvisionException("wasm module imports " + name + " with type " + types.getType(function.typeIndex())
                        + ", but WASI preview 1 defines it as " + provided);
            }
        }
        checkStart(module);
        int pages_max = memoryPagesMax(limits);
        var memories = module.memorySection();
        if (memories.isPresent() && memories.get().memoryCount() > 0) {
            if (memories.get().memoryCount() > 1) {
                throw new ProvisionException("wasm module declares " + memories.get().memoryCount() + " memories; wasm jobs support one");
            }
            MemoryLimits declared = memories.get().getMemory(0).limits();
            if (declared.shared()) {
                throw new ProvisionException("wasm module declares a shared memory (threads), which wasm jobs do not support");
            }
            if (declared.initialPages() > pages_max) {
                throw new ProvisionException("wasm module declares " + declared.initialPages() + " pages ("
                        + (long) declared.initialPages() * PAGE_BYTES + " bytes) of initial memory, above the memory limit of "
                        + limits.memoryBytesMax() + " bytes (" + pages_max + " pages of 64 KiB)");
            }
        }
        int tables = module.tableSection().tableCount();
        if (tables > TABLES_MAX) {
            throw new ProvisionException("wasm module declares " + tables + " tables; wasm jobs support at most " + TABLES_MAX);
        }
        long elements_max = tableElementsMax(limits, tables);
        for (int i = 0; i < tables; i++) {
            Table table = module.tableSection().getTable(i);
            if (table.limits().min() > elements_max) {
                throw new ProvisionException("wasm module declares a table of " + table.limits().min()
                        + " initial elements, above this job's table limit of " + elements_max);
            }
        }
        return new Checked(module, pages_max, elements_max);
    }

    private static void checkStart(WasmModule module) throws ProvisionException {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (!export.name().equals("_start")) {
                continue;
            }
            if (export.exportType() != ExternalType.FUNCTION) {
                throw new ProvisionException("wasm module exports _start, but not as a function");
            }
            int imported = module.importSection().count(ExternalType.FUNCTION);
            int index = export.index();
            FunctionType type = index < imported
                    ? module.typeSection().getType(((FunctionImport) module.importSection().stream()
                            .filter(x -> x.importType() == ExternalType.FUNCTION).skip(index).findFirst().orElseThrow()).typeIndex())
                    : module.functionSection().getFunctionType(index - imported, module.typeSection());
            if (!type.params().isEmpty() || !type.returns().isEmpty()) {
                throw new ProvisionException("wasm module's _start has type " + type + "; a wasm job's _start takes and returns nothing");
            }
            return;
        }
        throw new ProvisionException("wasm module exports no _start function (a wasm job is a WASI command module)");
    }

    /**
     * Walks the code section's local declarations before Chicory parses the module: Chicory 1.7.5
     * expands every group into a list entry, checking only each group against 50,000, so a few bytes
     * could ask for billions of entries. Stops quietly on anything malformed (the parser reports it).
     */
    static void scanLocals(byte[] bytes) throws ProvisionException {
        Reader in = new Reader(bytes, 8);
        long module_locals = 0;
        while (in.pos < bytes.length) {
            int id = in.u8();
            long size = in.u32();
            if (id < 0 || size < 0 || size > bytes.length - in.pos) {
                return;
            }
            int end = in.pos + (int) size;
            if (id == 10) {
                long bodies = in.u32();
                for (long f = 0; f < bodies && in.pos < end; f++) {
                    long body_size = in.u32();
                    if (body_size < 0 || body_size > end - in.pos) {
                        return;
                    }
                    int body_end = in.pos + (int) body_size;
                    long groups = in.u32();
                    long locals = 0;
                    for (long g = 0; g < groups && in.pos < body_end; g++) {
                        long count = in.u32();
                        if (count < 0) {
                            return;
                        }
                        locals += count;
                        module_locals += count;
                        if (locals > FUNCTION_LOCALS_MAX) {
                            throw new ProvisionException("wasm module has a function with more than " + FUNCTION_LOCALS_MAX + " locals");
                        }
                        if (module_locals > MODULE_LOCALS_MAX) {
                            throw new ProvisionException("wasm module declares more than " + MODULE_LOCALS_MAX + " locals in all");
                        }
                        int type = in.u8();
                        if (type == 0x63 || type == 0x64) { // (ref null? heaptype): a signed LEB128 follows
                            in.s33();
                        }
                    }
                    in.pos = body_end;
                }
                return;
            }
            in.pos = end;
        }
    }

    /** Just enough LEB128 to walk sections; -1 for anything out of range. */
    private static final class Reader {
        private final byte[] bytes;
        int pos;

        Reader(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        int u8() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        long u32() {
            long value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                if (b < 0) {
                    return -1;
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value <= 0xffffffffL ? value : -1;
                }
            }
            return -1;
        }

        void s33() {
            for (int i = 0; i < 5; i++) {
                int b = u8();
                if (b < 0 || (b & 0x80) == 0) {
                    return;
                }
            }
        }
    }
}
