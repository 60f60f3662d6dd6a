package cn.suishoupai.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When admins are warned that a year runs on its provisional calendar. */
class CalendarWarningsTest {

    @ParameterizedTest(name = "{0}, official {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-30 | 2026      |
            2026-12-01 | 2026      | next-year-provisional 2027
            2026-12-31 | 2026      | next-year-provisional 2027
            2026-12-01 | 2026 2027 |
            2027-01-01 | 2026      | current-year-provisional 2027
            2027-06-15 | 2026      | current-year-provisional 2027
            2027-12-01 | 2026      | current-year-provisional 2027, next-year-provisional 2028
            2027-12-01 | 2027      | next-year-provisional 2028
            2027-11-30 | 2027 2028 |
            """)
    void warnings(LocalDate today, String official, String expected) {
        Set<Integer> years =
                Arrays.stream(official.split(" ")).map(Integer::valueOf).collect(Collectors.toSet());
        List<String> got = CalendarWarnings.of(today, y -> !years.contains(y)).stream()
                .map(w -> w.code() + " " + w.year())
                .toList();
        assertThat(got).isEqualTo(expected == null ? List.of() : List.of(expected.split(", ")));
    }
}
