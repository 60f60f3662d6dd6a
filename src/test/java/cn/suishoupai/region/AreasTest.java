package cn.suishoupai.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class AreasTest {

    /** Exact area of a lat/lng box on a sphere: R² · Δλ · (sin φ2 − sin φ1). */
    static double sphericalBoxArea(double lat1, double lng1, double lat2, double lng2) {
        double r = 6_371_008.8;
        return r * r * Math.toRadians(lng2 - lng1) * (Math.sin(Math.toRadians(lat2)) - Math.sin(Math.toRadians(lat1)));
    }

    /** Exact area of a lat/lng box on the WGS-84 ellipsoid (authalic-latitude closed form). */
    static double ellipsoidalBoxArea(double lat1, double lng1, double lat2, double lng2) {
        double a = 6378137.0;
        double e2 = 0.00669437999014;
        double e = Math.sqrt(e2);
        DoubleUnaryOperator q = phi -> {
            double s = Math.sin(Math.toRadians(phi));
            return s / (1 - e2 * s * s) + 1 / (2 * e) * Math.log((1 + e * s) / (1 - e * s));
        };
        double b2 = a * a * (1 - e2);
        return b2 / 2 * Math.toRadians(lng2 - lng1) * (q.applyAsDouble(lat2) - q.applyAsDouble(lat1));
    }

    static Polygon box(double lat1, double lng1, double lat2, double lng2) {
        return (Polygon)
                GridGeoJson.GEOMETRY_FACTORY.toGeometry(new org.locationtech.jts.geom.Envelope(lng1, lng2, lat1, lat2));
    }

    @Test
    void hundredthDegreeBoxAtTownshipLatitude() {
        // 0.01° of latitude ≈ 1111.95 m; 0.01° of longitude at 28.365° ≈ 1111.95 m × cos(28.365°) ≈ 978.4 m.
        // (1113.2 m is 0.01° of longitude at the equator, so 1113.2 × 979.6 slightly overstates it.)
        double expected = sphericalBoxArea(28.36, 120.60, 28.37, 120.61);
        assertEquals(1111.95 * 1111.95 * Math.cos(Math.toRadians(28.365)), expected, 100); // the formula itself
        assertEquals(1.088e6, expected, 0.001e6);
        assertEquals(expected, Areas.squareMeters(box(28.36, 120.60, 28.37, 120.61)), expected * 0.005);
    }

    @ParameterizedTest(name = "lat {0}, {2}° box")
    @CsvSource({
        "0.0,   100.0, 0.01",
        "18.25, 109.5, 0.05",
        "28.36, 120.6, 0.01",
        "28.36, 120.6, 0.20",
        "45.8,  126.5, 0.10",
        "53.0,  122.0, 0.30",
    })
    void matchesEllipsoidalAreaOfBoxes(double lat, double lng, double size) {
        double expected = ellipsoidalBoxArea(lat, lng, lat + size, lng + size);
        double actual = Areas.squareMeters(box(lat, lng, lat + size, lng + size));
        assertEquals(expected, actual, expected * 1e-4, "within 0.01 % of the ellipsoidal area");
        double spherical = sphericalBoxArea(lat, lng, lat + size, lng + size);
        assertEquals(spherical, actual, spherical * 0.005, "within 0.5 % of the spherical area");
    }

    @Test
    void holesAreSubtractedAndMultiPolygonPartsAdded() {
        Geometry withHole = box(28.0, 120.0, 28.02, 120.02).difference(box(28.005, 120.005, 28.01, 120.01));
        double expected =
                ellipsoidalBoxArea(28.0, 120.0, 28.02, 120.02) - ellipsoidalBoxArea(28.005, 120.005, 28.01, 120.01);
        assertEquals(expected, Areas.squareMeters(withHole), expected * 1e-4);

        Geometry twoParts = box(28.0, 120.0, 28.01, 120.01).union(box(28.0, 120.05, 28.01, 120.06));
        double expectedTwo =
                ellipsoidalBoxArea(28.0, 120.0, 28.01, 120.01) + ellipsoidalBoxArea(28.0, 120.05, 28.01, 120.06);
        assertEquals(expectedTwo, Areas.squareMeters(twoParts), expectedTwo * 1e-4);
    }

    @Test
    void linesAndEmptyGeometriesHaveNoArea() {
        assertEquals(0.0, Areas.squareMeters(box(28.0, 120.0, 28.01, 120.01).getBoundary()));
        assertEquals(0.0, Areas.squareMeters(GridGeoJson.GEOMETRY_FACTORY.createPolygon()));
    }
}
