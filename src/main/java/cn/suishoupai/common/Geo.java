package cn.suishoupai.common;

/** Small spherical-earth helpers. */
public final class Geo {

    /** IUGG mean earth radius; haversine error vs. the ellipsoid is below 0.5 %. */
    public static final double MEAN_EARTH_RADIUS_M = 6_371_008.8;

    private Geo() {}

    /** Great-circle distance in metres between two WGS-84 points (haversine, stable for tiny distances). */
    public static double distanceMeters(double lat1, double lng1, double lat2, double lng2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinDPhi = Math.sin((phi2 - phi1) / 2);
        double sinDLambda = Math.sin(Math.toRadians(lng2 - lng1) / 2);
        double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * MEAN_EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /** Metres per degree of latitude; longitude degrees shrink with cos(lat). */
    private static final double M_PER_DEG = 111_320.0;

    /**
     * A box of at least {@code radiusMeters} around a point, as {minLng, minLat, maxLng, maxLat}: the coarse
     * filter for an index; the exact distance decides.
     */
    public static double[] box(double lat, double lng, double radiusMeters) {
        double dLat = radiusMeters / M_PER_DEG;
        double dLng = radiusMeters / (M_PER_DEG * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        return new double[] {lng - dLng, lat - dLat, lng + dLng, lat + dLat};
    }
}
