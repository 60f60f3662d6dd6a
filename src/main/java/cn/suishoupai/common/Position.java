package cn.suishoupai.common;

/**
 * A point and the coordinate system its numbers are in. Views build their {@code lat}, {@code lng},
 * {@code crs} fields from one of these, so a coordinate never leaves without its system.
 */
public record Position(double lat, double lng, Crs crs) {

    public static Position wgs84(double lat, double lng) {
        return new Position(lat, lng, Crs.WGS84);
    }

    /** The same point in {@code target}; this one when it already is. */
    public Position in(Crs target) {
        if (target == null || target == crs) {
            return this;
        }
        double[] p = CoordinateConverter.convert(crs, target, lat, lng);
        return new Position(p[0], p[1], target);
    }
}
