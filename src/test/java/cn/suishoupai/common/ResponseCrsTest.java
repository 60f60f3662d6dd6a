package cn.suishoupai.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a request names the system of its answer: the Accept-Crs header, else the crs query parameter. */
class ResponseCrsTest {

    private static List<String> values(String s) {
        return s == null ? null : s.equals("<none>") ? List.of() : Arrays.asList(s.split("\\|", -1));
    }

    @ParameterizedTest(name = "header {0}, query {1} → {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                // header,   query,     answer
                "null,       null,      null",
                "<none>,     <none>,    null",
                "GCJ02,      null,      GCJ02",
                "null,       BD09,      BD09",
                "BD09,       WGS84,     BD09", // the header wins (the preview's crs names its input)
                "WGS84,      GCJ02,     WGS84",
            })
    void theHeaderWinsThenTheParameter(String header, String query, String answer) {
        assertEquals(answer == null ? null : Crs.valueOf(answer), ResponseCrs.parse(values(header), values(query)));
    }

    @ParameterizedTest(name = "header {0}, query {1} → 400 naming {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                "gcj02,        null,         Accept-Crs", // the constant's exact name, as for every enum parameter
                "null,         GCJ-02,       crs",
                "null,         ' GCJ02',     crs", // no blanks either (HTTP already trims a header's)
                "null,         EPSG:4326,    crs",
                "'',           null,         Accept-Crs", // empty: leave it out instead
                "null,         '',           crs",
                "GCJ02|BD09,   null,         Accept-Crs", // two answers to one question
                "null,         WGS84|WGS84,  crs",
                "GCJ02,        MARS,         crs", // a bad value is refused even when the other one would win
            })
    void anythingElseIs400NamingTheParameter(String header, String query, String name) {
        ApiException e = assertThrows(ApiException.class, () -> ResponseCrs.parse(values(header), values(query)));
        assertEquals(400, e.status());
        assertEquals("invalid-parameter", e.code());
        assertEquals(name, e.extensions().get("parameter"));
    }
}
