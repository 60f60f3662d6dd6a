package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.common.Geo;
import cn.suishoupai.media.PhotoFlags.Flag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhotoFlagsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T04:00:00Z");
    /** Claimed point: People's Square, Shanghai (WGS-84). */
    private static final double LAT = 31.2304;

    private static final double LNG = 121.4737;
    /** 1 degree of latitude is ~111,195 m on the mean sphere, so 0.001 deg ~ 111 m. */
    private static final double DEG_PER_100M = 100 / 111_195.0;

    static Stream<Arguments> cases() {
        Instant fresh = NOW.minus(Duration.ofHours(2));
        return Stream.of(
                row("null exif", null, List.of(Flag.NO_EXIF)),
                row("no exif", Exif.NONE, List.of(Flag.NO_EXIF)),
                row("exif without gps or time", new Exif(true, null, null, null), List.of(Flag.NO_EXIF)),
                row("all good", new Exif(true, LAT, LNG, fresh), List.of()),
                row("gps 400 m away", new Exif(true, LAT + 4 * DEG_PER_100M, LNG, fresh), List.of()),
                row(
                        "gps 600 m away",
                        new Exif(true, LAT + 6 * DEG_PER_100M, LNG, fresh),
                        List.of(Flag.FAR_FROM_CLAIMED)),
                row("gps in Beijing", new Exif(true, 39.9042, 116.4074, fresh), List.of(Flag.FAR_FROM_CLAIMED)),
                row("gps only, near", new Exif(true, LAT, LNG, null), List.of()),
                row("time only, fresh", new Exif(true, null, null, fresh), List.of()),
                row("6 days 23 h old", new Exif(true, LAT, LNG, NOW.minus(Duration.ofHours(7 * 24 - 1))), List.of()),
                row("exactly 7 days old", new Exif(true, LAT, LNG, NOW.minus(Duration.ofDays(7))), List.of()),
                row(
                        "7 days 1 s old",
                        new Exif(true, LAT, LNG, NOW.minus(Duration.ofDays(7).plusSeconds(1))),
                        List.of(Flag.TAKEN_LONG_AGO)),
                row(
                        "a year old, elsewhere",
                        new Exif(true, 39.9042, 116.4074, NOW.minus(Duration.ofDays(365))),
                        List.of(Flag.FAR_FROM_CLAIMED, Flag.TAKEN_LONG_AGO)),
                row("23 h ahead (clock skew)", new Exif(true, LAT, LNG, NOW.plus(Duration.ofHours(23))), List.of()),
                row(
                        "25 h ahead",
                        new Exif(true, LAT, LNG, NOW.plus(Duration.ofHours(25))),
                        List.of(Flag.TAKEN_IN_FUTURE)),
                row(
                        "time only, in future",
                        new Exif(true, null, null, NOW.plus(Duration.ofDays(30))),
                        List.of(Flag.TAKEN_IN_FUTURE)));
    }

    private static Arguments row(String name, Exif exif, List<Flag> expected) {
        return Arguments.of(name, exif, expected);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void flags(String name, Exif exif, List<Flag> expected) {
        assertEquals(expected, new PhotoFlags().evaluate(LAT, LNG, exif, NOW), name);
    }

    /**
     * Issue 14: only evidence against the report keeps it from auto-dispatch. A photo without EXIF (what a WeChat
     * mini-program's compressed photo is) is no such evidence; a far-away or old or future capture is.
     */
    static Stream<Arguments> evidence() {
        Instant fresh = NOW.minus(Duration.ofHours(2));
        return Stream.of(
                Arguments.of("no exif at all", Exif.NONE, false),
                Arguments.of("null exif", null, false),
                Arguments.of("exif without gps or time", new Exif(true, null, null, null), false),
                Arguments.of("all good", new Exif(true, LAT, LNG, fresh), false),
                Arguments.of("time only, fresh", new Exif(true, null, null, fresh), false),
                Arguments.of("gps only, near", new Exif(true, LAT, LNG, null), false),
                Arguments.of("gps 600 m away", new Exif(true, LAT + 6 * DEG_PER_100M, LNG, fresh), true),
                Arguments.of("gps only, far", new Exif(true, 39.9042, 116.4074, null), true),
                Arguments.of("8 days old", new Exif(true, LAT, LNG, NOW.minus(Duration.ofDays(8))), true),
                Arguments.of("time only, 8 days old", new Exif(true, null, null, NOW.minus(Duration.ofDays(8))), true),
                Arguments.of("25 h ahead", new Exif(true, LAT, LNG, NOW.plus(Duration.ofHours(25))), true));
    }

    @ParameterizedTest(name = "{0} -> evidence {2}")
    @MethodSource("evidence")
    void onlyEvidenceAgainstTheReportCounts(String name, Exif exif, boolean expected) {
        List<Flag> flags = new PhotoFlags().evaluate(LAT, LNG, exif, NOW);
        assertEquals(expected, PhotoFlags.anyEvidence(flags), name + " " + flags);
    }

    @Test
    void noExifIsInformationEverythingElseIsEvidence() {
        for (Flag f : Flag.values()) {
            assertEquals(f != Flag.NO_EXIF, f.evidence, f.name());
        }
        assertEquals(false, PhotoFlags.anyEvidence(List.of()));
        assertEquals(false, PhotoFlags.anyEvidence(List.of(Flag.NO_EXIF)));
        assertEquals(true, PhotoFlags.anyEvidence(List.of(Flag.NO_EXIF, Flag.TAKEN_LONG_AGO)));
    }

    @Test
    void customThresholds() {
        PhotoFlags strict = new PhotoFlags(50, Duration.ofHours(1), Duration.ZERO);
        Exif exif = new Exif(true, LAT + DEG_PER_100M, LNG, NOW.minus(Duration.ofHours(2)));
        assertEquals(List.of(Flag.FAR_FROM_CLAIMED, Flag.TAKEN_LONG_AGO), strict.evaluate(LAT, LNG, exif, NOW));
        assertEquals(
                List.of(Flag.TAKEN_IN_FUTURE),
                strict.evaluate(LAT, LNG, new Exif(true, LAT, LNG, NOW.plusSeconds(1)), NOW));
    }

    static Stream<Arguments> distances() {
        return Stream.of(
                Arguments.of("same point", LAT, LNG, LAT, LNG, 0.0, 0.01),
                Arguments.of("Shanghai-Beijing", 31.2304, 121.4737, 39.9042, 116.4074, 1_067_000.0, 3_000.0),
                Arguments.of("0.01 deg longitude at equator", 0.0, 0.0, 0.0, 0.01, 1_111.95, 1.0),
                Arguments.of("across the antimeridian", 0.0, 179.999, 0.0, -179.999, 222.39, 1.0),
                Arguments.of("pole to pole", 90.0, 0.0, -90.0, 0.0, Math.PI * Geo.MEAN_EARTH_RADIUS_M, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distances")
    void haversine(String name, double lat1, double lng1, double lat2, double lng2, double expected, double tolerance) {
        double d = Geo.distanceMeters(lat1, lng1, lat2, lng2);
        assertEquals(expected, d, tolerance, name);
        assertEquals(d, Geo.distanceMeters(lat2, lng2, lat1, lng1), 1e-6, "symmetric");
        assertTrue(d >= 0);
    }
}
