package dcloud.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dcloud.compute.provision.Limits;
import dcloud.compute.provision.ProvisionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ModuleCheckTest {
    private static final Limits ONE_MIB = new Limits(1024 * 1024, 1000, 100, 1, 1024 * 1024);

    private static ModuleCheck.Checked check(String wat) throws ProvisionException {
        return ModuleCheck.check(Wat2Wasm.parse(wat), ONE_MIB, WasmProvisioner.WASI_FUNCTIONS);
    }

    @Test
    void aPlainCommandModulePassesWithTheCaps() throws Exception {
        ModuleCheck.Checked checked = check("(module (memory 2) (table 10 funcref) (func (export \"_start\")))");
        assertThat(checked.memoryPagesMax()).isEqualTo(16);
        assertThat(checked.tableElementsMax()).isEqualTo(65_536);
    }

    @Test
    void importsMustBeWasiFunctionsOfTheRightType() {
        assertThatThrownBy(() -> check("""
                (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i64))) (func (export "_start")))"""))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("wasm module imports wasi_snapshot_preview1.proc_exit with type ");
        assertThatThrownBy(() -> check("""
                (module (import "wasi_snapshot_preview1" "sock_open" (func)) (func (export "_start")))"""))
                .hasMessage("wasm module imports wasi_snapshot_preview1.sock_open, which is not a WASI preview 1 function");
        assertThatThrownBy(() -> check("(module (import \"env\" \"memory\" (memory 1)) (func (export \"_start\")))"))
                .hasMessage("wasm module imports env.memory (memory); a wasm job can import only WASI preview 1 functions"
                        + " (wasi_snapshot_preview1)");
    }

    @Test
    void startMustTakeAndReturnNothing() {
        assertThatThrownBy(() -> check("(module (func (export \"_start\") (param i32)))"))
                .hasMessageStartingWith("wasm module's _start has type ");
    }

    @Test
    void localsAreBoundedPerFunctionAcrossGroups() {
        // two groups of 30,000 each pass Chicory's per-group check but not ours
        String locals = "(local" + " i32".repeat(30_000) + " i64".repeat(30_000) + ")";
        assertThatThrownBy(() -> check("(module (func (export \"_start\") " + locals + "))"))
                .hasMessage("wasm module has a function with more than 50000 locals");
    }

    @Test
    void tablesAreBoundedByTheMemoryLimit() {
        assertThatThrownBy(() -> check("(module (table 100000 funcref) (func (export \"_start\")))"))
                .hasMessage("wasm module declares a table of 100000 initial elements, above this job's table limit of 65536");
    }
}
