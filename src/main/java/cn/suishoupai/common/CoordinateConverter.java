package cn.suishoupai.common;

/**
 * Converts between WGS-84, GCJ-02 and BD-09 using the widely published (leaked) GCJ-02
 * algorithm, as implemented by e.g. eviltransform and coordtransform.
 *
 * <p>All methods take and return {@code (lat, lng)} in degrees; arrays are {@code {lat, lng}}.
 * Grids are stored in WGS-84, so {@link #toWgs84} is the entry point for incoming reports and
 * {@link #fromWgs84} the way out to a client that asked for another system ({@link ResponseCrs}).
 * A round trip through either system stays within a millimetre (the inverses iterate to 1e-9°).
 */
public final class CoordinateConverter {

    // Krasovsky 1940 ellipsoid: the GCJ-02 algorithm is defined on it, not on WGS-84.
    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;
    private static final double X_PI = Math.PI * 3000.0 / 180.0;

    // Tighter than the 1e-7 deg (~1 cm) that callers need, so round trips stay well below 1 cm;
    // the fixed-point iterations contract by ~1e-3 per step, so this costs 1-2 extra iterations.
    private static final double CONVERGENCE_DEGREES = 1e-9;
    private static final int MAX_ITERATIONS = 10;

    private CoordinateConverter() {}

    /** Converts a position reported in {@code crs} to WGS-84; returns {@code {lat, lng}}. */
    public static double[] toWgs84(Crs crs, double lat, double lng) {
        switch (crs) {
            case WGS84:
                return new double[] {lat, lng};
            case GCJ02:
                return gcj02ToWgs84(lat, lng);
            case BD09:
                double[] gcj = bd09ToGcj02(lat, lng);
                return gcj02ToWgs84(gcj[0], gcj[1]);
            default:
                throw new IllegalArgumentException("unsupported CRS " + crs);
        }
    }

    /** Converts a WGS-84 position to {@code crs}; returns {@code {lat, lng}}. */
    public static double[] fromWgs84(Crs crs, double lat, double lng) {
        switch (crs) {
            case WGS84:
                return new double[] {lat, lng};
            case GCJ02:
                return wgs84ToGcj02(lat, lng);
            case BD09:
                double[] gcj = wgs84ToGcj02(lat, lng);
                return gcj02ToBd09(gcj[0], gcj[1]);
            default:
                throw new IllegalArgumentException("unsupported CRS " + crs);
        }
    }

    /** Converts a position from one system to another (through WGS-84); the same system returns it unchanged. */
    public static double[] convert(Crs from, Crs to, double lat, double lng) {
        if (from == to) {
            return new double[] {lat, lng};
        }
        if (from == Crs.GCJ02 && to == Crs.BD09) {
            return gcj02ToBd09(lat, lng);
        }
        if (from == Crs.BD09 && to == Crs.GCJ02) {
            return bd09ToGcj02(lat, lng);
        }
        double[] wgs = toWgs84(from, lat, lng);
        return fromWgs84(to, wgs[0], wgs[1]);
    }

    /** Forward GCJ-02 obfuscation; outside mainland China GCJ-02 equals WGS-84. */
    public static double[] wgs84ToGcj02(double lat, double lng) {
        if (outOfChina(lat, lng)) {
            return new double[] {lat, lng};
        }
        double[] d = delta(lat, lng);
        return new double[] {lat + d[0], lng + d[1]};
    }

    /**
     * Inverse of {@link #wgs84ToGcj02}. There is no closed form, so this iterates
     * {@code wgs -= gcj(wgs) - target}; the offset field is smooth, so it converges in 3-4 steps.
     */
    public static double[] gcj02ToWgs84(double lat, double lng) {
        if (outOfChina(lat, lng)) {
            return new double[] {lat, lng};
        }
        double wgsLat = lat;
        double wgsLng = lng;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double[] gcj = wgs84ToGcj02(wgsLat, wgsLng);
            double errLat = gcj[0] - lat;
            double errLng = gcj[1] - lng;
            wgsLat -= errLat;
            wgsLng -= errLng;
            if (Math.abs(errLat) < CONVERGENCE_DEGREES && Math.abs(errLng) < CONVERGENCE_DEGREES) {
                break;
            }
        }
        return new double[] {wgsLat, wgsLng};
    }

    /**
     * BD-09 to GCJ-02. The published closed form is only an approximate inverse of
     * {@link #gcj02ToBd09} (up to ~0.2 m off), so it is used as the starting point and refined
     * with a few fixed-point steps; the result then round-trips exactly.
     * The BD-09 shift is applied everywhere (as coordtransform does), not only inside China.
     */
    public static double[] bd09ToGcj02(double lat, double lng) {
        double x = lng - 0.0065;
        double y = lat - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        double gcjLat = z * Math.sin(theta);
        double gcjLng = z * Math.cos(theta);
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double[] bd = gcj02ToBd09(gcjLat, gcjLng);
            double errLat = bd[0] - lat;
            double errLng = bd[1] - lng;
            if (Math.abs(errLat) < CONVERGENCE_DEGREES && Math.abs(errLng) < CONVERGENCE_DEGREES) {
                break;
            }
            gcjLat -= errLat;
            gcjLng -= errLng;
        }
        return new double[] {gcjLat, gcjLng};
    }

    /** GCJ-02 to BD-09 (closed form). */
    public static double[] gcj02ToBd09(double lat, double lng) {
        double z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
        double theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
        return new double[] {z * Math.sin(theta) + 0.006, z * Math.cos(theta) + 0.0065};
    }

    /** The rough mainland-China box used by the reference implementations. */
    static boolean outOfChina(double lat, double lng) {
        return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    /** GCJ-02 offset {dLat, dLng} in degrees at a WGS-84 position. */
    private static double[] delta(double lat, double lng) {
        double x = lng - 105.0;
        double y = lat - 35.0;
        double dLat = transformLat(x, y);
        double dLng = transformLng(x, y);
        double radLat = Math.toRadians(lat);
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {dLat, dLng};
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLng(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
