package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure value rules of the boundary (common/Values), table-driven. */
class ValuesTest {

    @ParameterizedTest(name = "id \"{0}\" -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "0, 0",
                "12, 12",
                "123456789012345678, 123456789012345678",
                "1234567890123456789, null", // 19 digits: refused, never wrapped
                "'', null",
                "+12, null",
                "-3, null",
                "' 12', null",
                "１２, null",
                "٣, null",
                "12a, null",
                "0x1f, null"
            })
    void ids(String text, Long expected) {
        assertThat(Values.id(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "coordinate \"{0}\" -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "28.36, 28.36",
                "28.305000000000003, 28.305000000000003",
                "-112.000001, -112.000001",
                "0, 0.0",
                "180, 180.0",
                "28.123456789012, 28.123456789012",
                "28.36d, null",
                "28.36f, null",
                "0x1.c5cp4, null",
                "NaN, null",
                "Infinity, null",
                "-Infinity, null",
                "2.8e1, null",
                "+28.3, null",
                "28., null",
                ".5, null",
                "1234.5, null",
                "２８.３, null",
                "28.123456789012345678, null",
                "'', null"
            })
    void coordinates(String text, Double expected) {
        assertThat(Values.coordinate(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "boolean \"{0}\" -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {"true, true", "FALSE, false", "True, true", "yes, null", "1, null", "'', null", "tru, null"})
    void booleans(String text, Boolean expected) {
        assertThat(Values.bool(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "integer \"{0}\" in [{1}, {2}] -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "0, 0, 1000000, 0",
                "1000000, 0, 1000000, 1000000",
                "1000001, 0, 1000000, null",
                "-1, 0, 1000000, null",
                "99999999999, 0, 2147483647, null",
                "-5, -10, 10, -5",
                "５, 0, 10, null"
            })
    void integers(String text, long min, long max, Long expected) {
        assertThat(Values.integer(text, min, max)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "date {0} in window: {1}")
    @CsvSource({
        "2000-01-01, true",
        "1999-12-31, false",
        "2100-12-31, true",
        "2101-01-01, false",
        "+10000-01-01, false",
        "+999999999-12-31, false",
        "-999999999-01-01, false"
    })
    void dates(String text, boolean inWindow) {
        assertThat(Values.inWindow(LocalDate.parse(text))).isEqualTo(inWindow);
    }

    @ParameterizedTest(name = "instant {0} in window: {1}")
    @CsvSource({
        "2000-01-01T00:00:00+08:00, true",
        "1999-12-31T23:59:59+08:00, false",
        "2100-12-31T23:59:59+08:00, true",
        "2101-01-01T00:00:00+08:00, false",
        "+275760-09-13T00:00:00Z, false",
        "1970-01-01T00:00:00Z, false"
    })
    void instants(String text, boolean inWindow) {
        Instant i = Values.instant(text);
        assertThat(i).isNotNull();
        assertThat(Values.inWindow(i)).isEqualTo(inWindow);
    }

    @ParameterizedTest(name = "duration {0} in bounds: {1}")
    @CsvSource({"PT0S, true", "PT24H, true", "P3660D, true", "P3661D, false", "PT-1S, false", "PT99999999999H, false"})
    void durations(String text, boolean inBounds) {
        Duration d = Values.duration(text);
        assertThat(d).isNotNull();
        assertThat(Values.inBounds(d)).isEqualTo(inBounds);
    }
}
