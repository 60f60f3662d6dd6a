package cn.suishoupai.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The proximity search of duplicate detection, for any table with a point: the query narrows to a
 * bounding box (a GiST index), the exact great-circle distance decides, nearest first. The query
 * binds the box's four corners, a category id and the window's two ends, in that order, and
 * returns id, lat, lng, created_at first, then whatever its caller maps.
 */
public final class NearbyRows {

    /** Maps the current row, given its distance from the point. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet row, double distanceMeters) throws SQLException;
    }

    private record Hit<T>(T value, double distanceMeters) {}

    private NearbyRows() {}

    /** lat/lng WGS-84. */
    public static <T> List<T> near(
            DataSource ds,
            String sql,
            long categoryId,
            double lat,
            double lng,
            Instant at,
            double radiusMeters,
            Duration window,
            Mapper<T> mapper) {
        double[] box = Geo.box(lat, lng, radiusMeters);
        List<Hit<T>> hits = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < 4; i++) {
                ps.setDouble(i + 1, box[i]);
            }
            ps.setLong(5, categoryId);
            ps.setTimestamp(6, Timestamp.from(at.minus(window)));
            ps.setTimestamp(7, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double d = Geo.distanceMeters(lat, lng, rs.getDouble(2), rs.getDouble(3));
                    if (d <= radiusMeters) {
                        hits.add(new Hit<>(mapper.map(rs, d), d));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Duplicate search failed", e);
        }
        hits.sort(Comparator.comparingDouble(Hit::distanceMeters));
        return hits.stream().map(Hit::value).toList();
    }
}
