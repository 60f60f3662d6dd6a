package cn.suishoupai.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinateConverterTest {

    private static final double REFERENCE_TOLERANCE_M = 2.0;
    private static final double ROUND_TRIP_TOLERANCE_M = 0.01; // a centimetre; the brief allows a few

    enum Direction {
        WGS_TO_GCJ,
        GCJ_TO_WGS,
        BD_TO_GCJ,
        GCJ_TO_BD;

        double[] apply(double lat, double lng) {
            switch (this) {
                case WGS_TO_GCJ:
                    return CoordinateConverter.wgs84ToGcj02(lat, lng);
                case GCJ_TO_WGS:
                    return CoordinateConverter.gcj02ToWgs84(lat, lng);
                case BD_TO_GCJ:
                    return CoordinateConverter.bd09ToGcj02(lat, lng);
                case GCJ_TO_BD:
                    return CoordinateConverter.gcj02ToBd09(lat, lng);
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /**
     * Published reference vectors, all as (lat, lng):
     * <ul>
     *   <li>eviltransform: github.com/googollee/eviltransform, go/transform_test.go, javascript/test.js and
     *       python/test.py share the wgs/gcj table (Shanghai, Shenzhen, Beijing). The gcj -> wgs rows
     *       reuse that table backwards (eviltransform checks its exact inverse against it with 0.5 m).</li>
     *   <li>coordtransform: github.com/wandergis/coordtransform README "result" block for input
     *       (116.404, 39.915); the library prints [lng, lat]. Its gcj02towgs84 is the one-step
     *       approximation, which lies ~0.06 m from the exact inverse here.</li>
     * </ul>
     * Not used: eviltransform's python/test.py TESTS_bd (bd -> wgs). They were produced by an old
     * bd2gcj that used {@code sin(y * pi)} instead of {@code sin(y * x_pi)}; recomputing with that bug
     * reproduces them to the last digit, while the corrected formula (used by every current
     * implementation, including eviltransform's own) is 10-40 m away.
     */
    @ParameterizedTest(name = "{0}: {1} ({2}, {3})")
    @CsvSource({
        // source,                           direction,  inLat,              inLng,              expLat,
        // expLng
        "eviltransform shanghai,             WGS_TO_GCJ, 31.1774276,         121.5272106,        31.17530398364597,  121.531541859215",
        "eviltransform shenzhen,             WGS_TO_GCJ, 22.543847,          113.912316,         22.540796131694766, 113.9171764808363",
        "eviltransform beijing,              WGS_TO_GCJ, 39.911954,          116.377817,         39.91334545536069,  116.38404722455657",
        "eviltransform shanghai,             GCJ_TO_WGS, 31.17530398364597,  121.531541859215,   31.1774276,         121.5272106",
        "eviltransform shenzhen,             GCJ_TO_WGS, 22.540796131694766, 113.9171764808363,  22.543847,          113.912316",
        "eviltransform beijing,              GCJ_TO_WGS, 39.91334545536069,  116.38404722455657, 39.911954,          116.377817",
        "coordtransform wgs84togcj02,        WGS_TO_GCJ, 39.915,             116.404,            39.91640428150164,  116.41024449916938",
        "coordtransform bd09togcj02,         BD_TO_GCJ,  39.915,             116.404,            39.90865673957631,  116.39762729119315",
        "coordtransform gcj02towgs84,        GCJ_TO_WGS, 39.915,             116.404,            39.91359571849836,  116.39775550083061",
        "coordtransform gcj02tobd09,         GCJ_TO_BD,  39.915,             116.404,            39.92133699351021,  116.41036949371029",
    })
    void matchesPublishedReferencePoints(
            String source, Direction direction, double inLat, double inLng, double expLat, double expLng) {
        double[] got = direction.apply(inLat, inLng);
        double error = Geo.distanceMeters(got[0], got[1], expLat, expLng);
        assertTrue(
                error < REFERENCE_TOLERANCE_M,
                () -> source + " " + direction + " is " + error + " m off the reference");
    }

    static Stream<Arguments> chinesePoints() {
        return Stream.of(
                Arguments.of("Beijing", 39.9042, 116.4074),
                Arguments.of("Shanghai", 31.2304, 121.4737),
                Arguments.of("Urumqi", 43.8256, 87.6168),
                Arguments.of("Sanya", 18.2528, 109.5119),
                Arguments.of("Harbin", 45.8038, 126.5350),
                Arguments.of("Lhasa", 29.6520, 91.1721),
                Arguments.of("a township in Zhejiang", 28.3600, 120.6000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chinesePoints")
    void wgsToGcjToWgsRoundTripsWithinOneCentimetre(String place, double lat, double lng) {
        double[] gcj = CoordinateConverter.wgs84ToGcj02(lat, lng);
        // Guard against a no-op implementation: inside China the offset is hundreds of metres.
        assertTrue(Geo.distanceMeters(lat, lng, gcj[0], gcj[1]) > 50, "GCJ-02 offset missing for " + place);

        double[] back = CoordinateConverter.gcj02ToWgs84(gcj[0], gcj[1]);
        assertTrue(
                Geo.distanceMeters(lat, lng, back[0], back[1]) < ROUND_TRIP_TOLERANCE_M,
                () -> place + " round trip error " + Geo.distanceMeters(lat, lng, back[0], back[1]) + " m");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chinesePoints")
    void bdToGcjToBdRoundTripsWithinOneCentimetre(String place, double lat, double lng) {
        double[] gcj = CoordinateConverter.bd09ToGcj02(lat, lng);
        assertTrue(Geo.distanceMeters(lat, lng, gcj[0], gcj[1]) > 50, "BD-09 offset missing for " + place);

        double[] back = CoordinateConverter.gcj02ToBd09(gcj[0], gcj[1]);
        assertTrue(
                Geo.distanceMeters(lat, lng, back[0], back[1]) < ROUND_TRIP_TOLERANCE_M,
                () -> place + " round trip error " + Geo.distanceMeters(lat, lng, back[0], back[1]) + " m");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "London,   51.5074, -0.1278",
        "New York, 40.7128, -74.0060",
        "Tokyo,    35.6762, 139.6503",
        "Jakarta,  -6.2088, 106.8456",
    })
    void gcjEqualsWgsOutsideChina(String place, double lat, double lng) {
        assertArrayEquals(new double[] {lat, lng}, CoordinateConverter.wgs84ToGcj02(lat, lng), 0.0, place);
        assertArrayEquals(new double[] {lat, lng}, CoordinateConverter.gcj02ToWgs84(lat, lng), 0.0, place);
        assertArrayEquals(new double[] {lat, lng}, CoordinateConverter.toWgs84(Crs.GCJ02, lat, lng), 0.0, place);
    }

    @ParameterizedTest
    @EnumSource(Crs.class)
    void toWgs84UndoesTheClientsCrs(Crs crs) {
        double wgsLat = 28.3612;
        double wgsLng = 120.6087;
        double[] reported = fromWgs84(crs, wgsLat, wgsLng);
        double[] wgs = CoordinateConverter.toWgs84(crs, reported[0], reported[1]);
        assertTrue(Geo.distanceMeters(wgsLat, wgsLng, wgs[0], wgs[1]) < ROUND_TRIP_TOLERANCE_M, crs::name);
    }

    private static double[] fromWgs84(Crs crs, double lat, double lng) {
        switch (crs) {
            case WGS84:
                return new double[] {lat, lng};
            case GCJ02:
                return CoordinateConverter.wgs84ToGcj02(lat, lng);
            case BD09:
                double[] gcj = CoordinateConverter.wgs84ToGcj02(lat, lng);
                return CoordinateConverter.gcj02ToBd09(gcj[0], gcj[1]);
            default:
                throw new AssertionError(crs);
        }
    }

    /**
     * The demo town (28.33–28.40 N, 113.13–113.20 E) on a 8 × 8 lattice, and a few townships elsewhere:
     * every system to every other and back lands within a few centimetres of where it started, and
     * the offset itself is hundreds of metres (a no-op converter fails).
     */
    static Stream<Arguments> demoTownAndBeyond() {
        List<Arguments> points = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double lat = 28.33 + 0.01 * i;
                double lng = 113.13 + 0.01 * j;
                points.add(Arguments.of(String.format(Locale.ROOT, "demo town %.2f,%.2f", lat, lng), lat, lng));
            }
        }
        points.add(Arguments.of("Hangzhou", 30.2741, 120.1551));
        points.add(Arguments.of("Kashgar", 39.4704, 75.9898));
        points.add(Arguments.of("Mohe", 52.9723, 122.5379));
        points.add(Arguments.of("Haikou", 20.0440, 110.1999));
        return points.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoTownAndBeyond")
    void everySystemToEveryOtherAndBackStaysWithinAFewCentimetres(String place, double lat, double lng) {
        for (Crs from : Crs.values()) {
            for (Crs to : Crs.values()) {
                double[] there = CoordinateConverter.convert(from, to, lat, lng);
                double[] back = CoordinateConverter.convert(to, from, there[0], there[1]);
                double error = Geo.distanceMeters(lat, lng, back[0], back[1]);
                assertTrue(
                        error < ROUND_TRIP_TOLERANCE_M,
                        () -> place + " " + from + "→" + to + "→" + from + ": " + error + " m");
                double moved = Geo.distanceMeters(lat, lng, there[0], there[1]);
                if (from == to) {
                    assertEquals(0.0, moved, 0.0, place);
                } else {
                    // WGS-84 to GCJ-02 moves a point some 100–700 m in China; BD-09 is on top of that
                    assertTrue(
                            moved > 50 && moved < 2_000,
                            () -> place + " " + from + "→" + to + " moved " + moved + " m");
                }
            }
        }
        // fromWgs84 undoes toWgs84, and convert agrees with them
        for (Crs crs : Crs.values()) {
            double[] out = CoordinateConverter.fromWgs84(crs, lat, lng);
            double[] in = CoordinateConverter.toWgs84(crs, out[0], out[1]);
            assertTrue(Geo.distanceMeters(lat, lng, in[0], in[1]) < ROUND_TRIP_TOLERANCE_M, () -> place + " " + crs);
            assertArrayEquals(out, CoordinateConverter.convert(Crs.WGS84, crs, lat, lng), 1e-12, place);
        }
        Position p = Position.wgs84(lat, lng);
        assertEquals(p, p.in(Crs.WGS84));
        Position gcj = p.in(Crs.GCJ02);
        assertEquals(Crs.GCJ02, gcj.crs());
        Position again = gcj.in(Crs.BD09).in(Crs.WGS84);
        assertTrue(Geo.distanceMeters(lat, lng, again.lat(), again.lng()) < ROUND_TRIP_TOLERANCE_M, place);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "London,   51.5074, -0.1278",
        "Tokyo,    35.6762, 139.6503",
        "Jakarta,  -6.2088, 106.8456",
        "Sydney,  -33.8688, 151.2093",
    })
    void outsideChinaWgs84AndGcj02AreTheSamePoint(String place, double lat, double lng) {
        assertArrayEquals(new double[] {lat, lng}, CoordinateConverter.fromWgs84(Crs.GCJ02, lat, lng), 0.0, place);
        assertArrayEquals(
                new double[] {lat, lng}, CoordinateConverter.convert(Crs.GCJ02, Crs.WGS84, lat, lng), 0.0, place);
        assertEquals(Position.wgs84(lat, lng).in(Crs.GCJ02), new Position(lat, lng, Crs.GCJ02), place);
        // BD-09's shift is applied everywhere (as the reference implementations do), and still round-trips
        double[] bd = CoordinateConverter.fromWgs84(Crs.BD09, lat, lng);
        double[] back = CoordinateConverter.toWgs84(Crs.BD09, bd[0], bd[1]);
        assertTrue(Geo.distanceMeters(lat, lng, back[0], back[1]) < ROUND_TRIP_TOLERANCE_M, place);
    }

    @Test
    void haversineMatchesArcLength() {
        // 0.01 degree of latitude along a meridian is R * pi / 180 * 0.01 on the sphere.
        double expected = Geo.MEAN_EARTH_RADIUS_M * Math.PI / 180 * 0.01;
        assertEquals(expected, Geo.distanceMeters(28.36, 120.6, 28.37, 120.6), 1e-6);
        // Beijing - Shanghai, about 1067 km great-circle.
        assertEquals(1_067_000, Geo.distanceMeters(39.9042, 116.4074, 31.2304, 121.4737), 3_000);
        assertEquals(0.0, Geo.distanceMeters(28.36, 120.6, 28.36, 120.6), 0.0);
    }
}
