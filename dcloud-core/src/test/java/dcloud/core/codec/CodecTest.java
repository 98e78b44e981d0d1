package dcloud.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcloud.core.bytes.Hex;
import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void encodesBigEndianWithLengthPrefixes() {
        byte[] bytes = new Writer().u8(7).u32(258).u64(-1L).string("hi").toBytes();
        assertThat(Hex.encode(bytes)).isEqualTo("07" + "00000102" + "ffffffffffffffff" + "00000002" + "6869");
    }

    @Test
    void decodesStrictlyAndRejectsTrailingBytes() throws DecodeException {
        Reader reader = new Reader(Hex.decode("0700000102ff"));
        assertThat(reader.u8("tag")).isEqualTo(7);
        assertThat(reader.u32("count")).isEqualTo(258);
        assertThatThrownBy(() -> reader.end("thing")).isInstanceOf(DecodeException.class).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void rejectsOversizedAndTruncatedLengths() {
        assertThatThrownBy(() -> new Reader(Hex.decode("ffffffff00")).bytes(32, "memo"))
                .hasMessageContaining("memo: length 4294967295 exceeds the limit of 32 bytes");
        assertThatThrownBy(() -> new Reader(Hex.decode("0000000400")).bytes(32, "memo"))
                .hasMessageContaining("memo: truncated");
        assertThatThrownBy(() -> new Reader(Hex.decode("02")).bool("flag")).hasMessageContaining("boolean must be 0 or 1");
        assertThatThrownBy(() -> new Reader(Hex.decode("00000001ff")).string(8, "name")).hasMessageContaining("not valid UTF-8");
    }
}
