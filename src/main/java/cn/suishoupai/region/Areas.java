package cn.suishoupai.region;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** Areas of WGS-84 lng/lat geometries in square metres. */
public final class Areas {

    // WGS-84 ellipsoid.
    private static final double A = 6378137.0;
    private static final double E2 = 0.00669437999014;

    private Areas() {}

    /**
     * Area in m² of a (multi)polygon given in WGS-84 degrees; other geometry types have area 0.
     *
     * <p>Vertices are projected with the sinusoidal projection (equal-area on a sphere) around the
     * envelope centre, on a sphere whose radius is the ellipsoid's Gaussian radius {@code sqrt(M·N)}
     * at that latitude. For township-sized polygons (tens of km) this is within ~0.01 % of the
     * ellipsoidal area, far better than the 0.5 % the import report needs, without a projection library.
     */
    public static double squareMeters(Geometry wgs84) {
        if (wgs84.isEmpty()) {
            return 0.0;
        }
        Envelope env = wgs84.getEnvelopeInternal();
        // Envelope centre rather than true centroid: cheaper and just as good as a projection origin.
        Projection projection = new Projection(env.centre().y, env.centre().x);
        return polygonalArea(wgs84, projection);
    }

    private static double polygonalArea(Geometry geometry, Projection projection) {
        if (geometry instanceof Polygon) {
            Polygon polygon = (Polygon) geometry;
            double area = Math.abs(projection.signedRingArea(polygon.getExteriorRing()));
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                area -= Math.abs(projection.signedRingArea(polygon.getInteriorRingN(h)));
            }
            return area;
        }
        double sum = 0.0;
        if (geometry instanceof GeometryCollection) { // includes MultiPolygon
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                sum += polygonalArea(geometry.getGeometryN(i), projection);
            }
        }
        return sum; // points and lines contribute nothing
    }

    /** Sinusoidal projection on the osculating sphere at (lat0, lng0). */
    private static final class Projection {
        private final double lat0Rad;
        private final double lng0;
        private final double radius;

        Projection(double lat0, double lng0) {
            this.lat0Rad = Math.toRadians(lat0);
            this.lng0 = lng0;
            double sin = Math.sin(lat0Rad);
            this.radius = A * Math.sqrt(1 - E2) / (1 - E2 * sin * sin);
        }

        double signedRingArea(LineString ring) {
            CoordinateSequence seq = ring.getCoordinateSequence();
            int n = seq.size();
            if (n < 3) {
                return 0.0;
            }
            // Shoelace formula on projected coordinates, relative to the origin to keep precision.
            double sum = 0.0;
            double prevX = x(seq.getX(0), seq.getY(0));
            double prevY = y(seq.getY(0));
            for (int i = 1; i < n; i++) {
                double x = x(seq.getX(i), seq.getY(i));
                double y = y(seq.getY(i));
                sum += prevX * y - x * prevY;
                prevX = x;
                prevY = y;
            }
            return sum / 2.0;
        }

        private double x(double lng, double lat) {
            return radius * Math.toRadians(lng - lng0) * Math.cos(Math.toRadians(lat));
        }

        private double y(double lat) {
            return radius * (Math.toRadians(lat) - lat0Rad);
        }
    }
}
