package dcloud.ledger.params;

import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import java.nio.charset.StandardCharsets;

/** The parameter table in the state: {@code 0x20 ‖ name → u64}; an absent entry means the default. */
public final class Params {
    private static final byte PREFIX = 0x20;

    private Params() {}

    private static byte[] key(Param param) {
        return Values.concat(new byte[] {PREFIX}, param.wire_name.getBytes(StandardCharsets.US_ASCII));
    }

    public static long get(StateReader state, Param param) {
        byte[] value = state.get(key(param));
        return value == null ? param.default_value : Values.u64(value, 0);
    }

    /** Sets a checked value; callers validate first, this asserts the range as an invariant. */
    public static void set(Overlay state, Param param, long value) {
        if (param.check(value) != null) {
            throw new IllegalStateException(param.check(value));
        }
        state.put(key(param), Values.u64(value));
    }
}
