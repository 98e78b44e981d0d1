package dcloud.core.amount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmountTest {
    @Test
    void parsesDecimalsToE9s() {
        assertThat(Amount.parseDct("1.25")).isEqualTo(1_250_000_000L);
        assertThat(Amount.parseDct("0.001")).isEqualTo(1_000_000L);
        assertThat(Amount.parseDct("7")).isEqualTo(7_000_000_000L);
        assertThat(Amount.parseDct("0.000000001 DCT")).isEqualTo(1L);
        assertThat(Amount.parseDct("2.500000000000")).isEqualTo(2_500_000_000L);
    }

    @Test
    void formatsWithoutTrailingZeros() {
        assertThat(Amount.display(1_250_000_000L)).isEqualTo("1.25 DCT");
        assertThat(Amount.display(0)).isEqualTo("0 DCT");
        assertThat(Amount.display(10_000_000_000L)).isEqualTo("10 DCT");
        assertThat(Amount.formatDct(1)).isEqualTo("0.000000001");
    }

    @Test
    void rejectsNegativeTooPreciseAndTooLargeAmounts() {
        assertThatThrownBy(() -> Amount.parseDct("-1")).hasMessageContaining("non-negative decimal");
        assertThatThrownBy(() -> Amount.parseDct("0.0000000001")).hasMessageContaining("more than 9 decimals");
        assertThatThrownBy(() -> Amount.parseDct("99999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Amount.parseDct("1e5")).hasMessageContaining("non-negative decimal");
    }
}
