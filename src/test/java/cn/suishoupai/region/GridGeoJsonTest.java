package cn.suishoupai.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.GridGeoJson.FeatureError;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import cn.suishoupai.region.GridGeoJson.Parsed;
import cn.suishoupai.region.GridGeoJson.Reason;
import cn.suishoupai.routing.SyntheticGrids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

class GridGeoJsonTest {

    private static final String SQUARE =
            "{\"type\":\"Polygon\",\"coordinates\":[[[120.0,28.0],[120.01,28.0],[120.01,28.01],[120.0,28.01],[120.0,28.0]]]}";

    private static String props(String code, String name, String zone) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"zoneCode\":\"" + zone + "\"}";
    }

    private static String feature(String properties, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":" + properties + ",\"geometry\":" + geometry + "}";
    }

    private static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    private static String polygon(String rings) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + rings + "}";
    }

    /** A valid feature at index 0 followed by the case under test at index 1. */
    static Stream<Arguments> rejectedFeatures() {
        String ok = props("G-2", "网格二", "Z-1");
        return Stream.of(
                Arguments.of(
                        "not a Feature object",
                        "[1,2]",
                        Reason.NOT_A_FEATURE_COLLECTION,
                        null,
                        "is not a GeoJSON object"),
                Arguments.of(
                        "no properties",
                        "{\"type\":\"Feature\",\"geometry\":" + SQUARE + "}",
                        Reason.MISSING_PROPERTY,
                        null,
                        "no \"properties\" object"),
                Arguments.of(
                        "missing code",
                        feature("{\"name\":\"n\",\"zoneCode\":\"Z-1\"}", SQUARE),
                        Reason.MISSING_PROPERTY,
                        null,
                        "properties.code is required"),
                Arguments.of(
                        "blank code",
                        feature(props("   ", "n", "Z-1"), SQUARE),
                        Reason.MISSING_PROPERTY,
                        null,
                        "properties.code is blank"),
                Arguments.of(
                        "missing name",
                        feature("{\"code\":\"G-2\",\"zoneCode\":\"Z-1\"}", SQUARE),
                        Reason.MISSING_PROPERTY,
                        "G-2",
                        "properties.name is required"),
                Arguments.of(
                        "missing zoneCode",
                        feature("{\"code\":\"G-2\",\"name\":\"n\"}", SQUARE),
                        Reason.MISSING_PROPERTY,
                        "G-2",
                        "also accepted: zoneCode, zone_code, parentCode"),
                Arguments.of(
                        "code too long",
                        feature(props("X".repeat(65), "n", "Z-1"), SQUARE),
                        Reason.INVALID_PROPERTY,
                        null,
                        "is 65 characters long; at most 64"),
                Arguments.of(
                        "code is an object",
                        feature("{\"code\":{},\"name\":\"n\",\"zoneCode\":\"Z\"}", SQUARE),
                        Reason.INVALID_PROPERTY,
                        null,
                        "properties.code must be a string"),
                Arguments.of(
                        "point geometry",
                        feature(ok, "{\"type\":\"Point\",\"coordinates\":[120.0,28.0]}"),
                        Reason.UNSUPPORTED_GEOMETRY,
                        "G-2",
                        "'Point' is not supported"),
                Arguments.of(
                        "null geometry",
                        feature(ok, "null"),
                        Reason.UNSUPPORTED_GEOMETRY,
                        "G-2",
                        "geometry is missing"),
                Arguments.of(
                        "longitude 181",
                        feature(ok, polygon("[[[120,28],[181,28],[120.01,28.01],[120,28]]]")),
                        Reason.COORDINATE_OUT_OF_RANGE,
                        "G-2",
                        "position 1 of ring 0 of polygon 0 has longitude 181.0"),
                Arguments.of(
                        "swapped lat/lng",
                        feature(ok, polygon("[[[28,120],[28,120.01],[28.01,120.01],[28,120]]]")),
                        Reason.COORDINATE_OUT_OF_RANGE,
                        "G-2",
                        "[lat, lng] instead of [lng, lat]"),
                Arguments.of(
                        "non-numeric coordinate",
                        feature(ok, polygon("[[[120,28],[\"120.01\",28],[120.01,28.01],[120,28]]]")),
                        Reason.COORDINATE_OUT_OF_RANGE,
                        "G-2",
                        "position 1 of ring 0 of polygon 0 is not numeric"),
                Arguments.of(
                        "ring not closed",
                        feature(ok, polygon("[[[120,28],[120.01,28],[120.01,28.01],[120,28.01]]]")),
                        Reason.RING_NOT_CLOSED,
                        "G-2",
                        "ring 0 of polygon 0 is not closed"),
                Arguments.of(
                        "three positions in polygon 1",
                        feature(
                                ok,
                                "{\"type\":\"MultiPolygon\",\"coordinates\":["
                                        + "[[[120,28],[120.01,28],[120.01,28.01],[120,28]]],"
                                        + "[[[121,28],[121.01,28],[121,28]]]]}"),
                        Reason.TOO_FEW_POINTS,
                        "G-2",
                        "ring 0 of polygon 1 has 3 positions; at least 4 are required"),
                Arguments.of(
                        "repeated points only",
                        feature(ok, polygon("[[[120,28],[120.01,28],[120.01,28],[120,28]]]")),
                        Reason.TOO_FEW_POINTS,
                        "G-2",
                        "JTS error type 9"),
                Arguments.of(
                        "bow tie",
                        feature(ok, polygon("[[[120,28],[120.01,28.01],[120.01,28],[120,28.01],[120,28]]]")),
                        Reason.SELF_INTERSECTION,
                        "G-2",
                        "(JTS error type 5) at or near [120.005"),
                Arguments.of(
                        "hole outside shell",
                        feature(
                                ok,
                                polygon("[[[120,28],[120.01,28],[120.01,28.01],[120,28.01],[120,28]],"
                                        + "[[121,28],[121.001,28],[121.001,28.001],[121,28]]]")),
                        Reason.INVALID_GEOMETRY,
                        "G-2",
                        "Hole lies outside shell"),
                Arguments.of(
                        "empty multipolygon",
                        feature(ok, "{\"type\":\"MultiPolygon\",\"coordinates\":[]}"),
                        Reason.INVALID_GEOMETRY,
                        "G-2",
                        "non-empty array of polygons"),
                Arguments.of(
                        "duplicate code",
                        feature(props("G-1", "again", "Z-1"), SQUARE),
                        Reason.DUPLICATE_CODE,
                        "G-1",
                        "already used by feature 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFeatures")
    void rejectsFeatureWithPreciseReason(String name, String badFeature, Reason reason, String code, String detail) {
        Parsed parsed = GridGeoJson.parse(collection(feature(props("G-1", "网格一", "Z-1"), SQUARE), badFeature));

        assertEquals(1, parsed.errors().size(), () -> "errors: " + parsed.errors());
        FeatureError error = parsed.errors().get(0);
        assertEquals(reason, error.reason(), error::toString);
        assertEquals(1, error.index(), error::toString);
        assertEquals(code, error.code(), error::toString);
        assertTrue(error.detail().contains(detail), () -> "detail was: " + error.detail());
        // The valid neighbour is still accepted; the bad one is not.
        assertEquals(
                List.of("G-1"),
                parsed.features().stream().map(GridFeature::code).toList());
    }

    static Stream<Arguments> rejectedCollections() {
        return Stream.of(
                Arguments.of(
                        "malformed JSON",
                        "{\"type\":\"FeatureCollection\",\"features\":[",
                        Reason.NOT_A_FEATURE_COLLECTION,
                        "malformed JSON at line 1"),
                Arguments.of(
                        "a bare Feature",
                        feature(props("G-1", "n", "Z"), SQUARE),
                        Reason.NOT_A_FEATURE_COLLECTION,
                        "\"type\": \"FeatureCollection\""),
                Arguments.of(
                        "features not an array",
                        "{\"type\":\"FeatureCollection\",\"features\":{}}",
                        Reason.NOT_A_FEATURE_COLLECTION,
                        "\"features\" must be an array"),
                Arguments.of("JSON array", "[]", Reason.NOT_A_FEATURE_COLLECTION, "top level"),
                Arguments.of("empty collection", collection(), Reason.EMPTY_COLLECTION, "no features"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCollections")
    void rejectsCollection(String name, String json, Reason reason, String detail) {
        Parsed parsed = GridGeoJson.parse(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(1, parsed.errors().size(), () -> "errors: " + parsed.errors());
        FeatureError error = parsed.errors().get(0);
        assertEquals(reason, error.reason());
        assertEquals(GridGeoJson.COLLECTION_INDEX, error.index());
        assertNull(error.code());
        assertTrue(error.detail().contains(detail), () -> "detail was: " + error.detail());
        assertTrue(parsed.features().isEmpty());
    }

    @Test
    void reportsEveryProblemOfOneFeature() {
        String bad = feature("{\"code\":\"G-9\"}", "{\"type\":\"LineString\",\"coordinates\":[[120,28],[121,29]]}");
        Parsed parsed = GridGeoJson.parse(collection(bad));

        assertEquals(
                List.of(Reason.MISSING_PROPERTY, Reason.MISSING_PROPERTY, Reason.UNSUPPORTED_GEOMETRY),
                parsed.errors().stream().map(FeatureError::reason).toList());
        assertTrue(parsed.errors().stream().allMatch(e -> e.index() == 0 && "G-9".equals(e.code())));
    }

    @ParameterizedTest(name = "zone property \"{0}\"")
    @MethodSource("zoneAliases")
    void acceptsZoneCodeAliases(String key) {
        String properties = "{\"code\":330182001001,\"name\":\" 网格 \",\"" + key + "\":\"330182001\"}";
        Parsed parsed = GridGeoJson.parse(collection(feature(properties, SQUARE)));

        assertFalse(parsed.hasErrors(), () -> parsed.errors().toString());
        GridFeature grid = parsed.features().get(0);
        assertEquals("330182001001", grid.code()); // integral JSON numbers are accepted as codes
        assertEquals("网格", grid.name());
        assertEquals("330182001", grid.zoneCode());
    }

    static Stream<String> zoneAliases() {
        return Stream.of("zoneCode", "zone_code", "parentCode");
    }

    @Test
    void parsesMultiPolygonWithHoles() {
        String multi = "{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[120,28],[120.02,28],[120.02,28.02],[120,28.02],[120,28]],"
                + " [[120.005,28.005],[120.005,28.01],[120.01,28.01],[120.01,28.005],[120.005,28.005]],"
                + " [[120.012,28.012],[120.012,28.015],[120.015,28.015],[120.015,28.012],[120.012,28.012]]],"
                + "[[[120.03,28],[120.04,28],[120.04,28.01],[120.03,28.01],[120.03,28]]]]}";
        Parsed parsed = GridGeoJson.parse(collection(feature(props("M-1", "多边形", "Z-1"), multi)));

        assertFalse(parsed.hasErrors(), () -> parsed.errors().toString());
        Geometry geometry = parsed.features().get(0).geometry();
        assertTrue(geometry instanceof MultiPolygon);
        assertEquals(4326, geometry.getSRID());
        assertEquals(2, geometry.getNumGeometries());
        int holes = 0;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            holes += ((Polygon) geometry.getGeometryN(i)).getNumInteriorRing();
        }
        assertEquals(2, holes);
        // 0.02² - 0.005² - 0.003² + 0.01² square degrees
        assertEquals(0.0004 - 0.000025 - 0.000009 + 0.0001, geometry.getArea(), 1e-12);
    }

    @Test
    void sameShapeWithDifferentStartAndOrientationIsEqualAfterParsing() {
        String clockwiseFromOtherCorner =
                polygon("[[[120.01,28.01],[120.01,28.0],[120.0,28.0],[120.0,28.01],[120.01,28.01]]]");
        Parsed a = GridGeoJson.parse(collection(feature(props("A", "a", "Z"), SQUARE)));
        Parsed b = GridGeoJson.parse(collection(feature(props("B", "b", "Z"), clockwiseFromOtherCorner)));

        assertTrue(
                a.features().get(0).geometry().equalsExact(b.features().get(0).geometry()));
    }

    @Test
    void writeThenParseReproducesFeatures() {
        String multiWithHole = "{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[120,28],[120.02,28],[120.02,28.02],[120,28.02],[120,28]],"
                + " [[120.005,28.005],[120.005,28.01],[120.01,28.01],[120.01,28.005],[120.005,28.005]]],"
                + "[[[120.03,28],[120.04,28],[120.04,28.01],[120.03,28.01],[120.03,28]]]]}";
        Parsed original = GridGeoJson.parse(collection(
                feature(props("A-1", "甲", "Z-1"), SQUARE),
                feature(props("A-2", "乙 \\\"quoted\\\"", "Z-2"), multiWithHole)));
        assertFalse(original.hasErrors(), () -> original.errors().toString());

        Parsed reparsed = GridGeoJson.parse(GridGeoJson.write(original.features()));

        assertFalse(reparsed.hasErrors(), () -> reparsed.errors().toString());
        assertEquals(original.features(), reparsed.features());
    }

    @Test
    void syntheticLatticeRoundTripsThroughGeoJson() {
        List<GridFeature> lattice = SyntheticGrids.lattice(28.3, 120.5, 0.01, 4, 5, 12, 7L, "T", c -> "Z" + c);

        Parsed parsed = GridGeoJson.parse(GridGeoJson.write(lattice).getBytes(StandardCharsets.UTF_8));

        assertFalse(parsed.hasErrors(), () -> parsed.errors().toString());
        assertEquals(lattice, parsed.features());
    }

    @Test
    void writtenShellsAreCounterClockwiseAsRfc7946Recommends() {
        Parsed parsed = GridGeoJson.parse(collection(feature(props("A", "a", "Z"), SQUARE)));
        String written = GridGeoJson.write(parsed.features());
        // SQUARE is counter-clockwise; normalization makes it clockwise internally, write() flips it back.
        assertTrue(
                written.contains("[[[120.0,28.0],[120.01,28.0],[120.01,28.01],[120.0,28.01],[120.0,28.0]]]"), written);
    }
}
