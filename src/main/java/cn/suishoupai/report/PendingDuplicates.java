package cn.suishoupai.report;

import cn.suishoupai.common.Geo;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ticket.DuplicateFinder's search over the review queue: reports of the category near a point and
 * recent enough, with the same radius and window, nearest first (partial GiST index
 * report_pending_location_idx).
 */
@ApplicationScoped
public class PendingDuplicates {

    /** A report waiting in the review queue near the point. */
    public record NearbyReport(long reportId, double distanceMeters, Instant createdAt) {}

    private static final String PENDING_SQL = """
            select id, lat, lng, created_at from report
            where status = 'PENDING_REVIEW'
              and location <@ box(point(?, ?), point(?, ?))
              and category_id = ? and created_at >= ? and created_at <= ?
            """;

    private final AgroalDataSource ds;
    private final double defaultRadius;
    private final Duration defaultWindow;

    PendingDuplicates(
            AgroalDataSource ds,
            @ConfigProperty(name = "suishoupai.duplicates.radius-meters", defaultValue = "50") double defaultRadius,
            @ConfigProperty(name = "suishoupai.duplicates.window", defaultValue = "P7D") Duration defaultWindow) {
        this.ds = ds;
        this.defaultRadius = defaultRadius;
        this.defaultWindow = defaultWindow;
    }

    /**
     * Reports still waiting in the review queue, of the category, near the point and recent enough
     * (the same radius and window as for open tickets), nearest first: two residents reporting one
     * hazard before anyone has accepted either.
     */
    public List<NearbyReport> findPending(long categoryId, double lat, double lng, Instant at) {
        double[] box = Geo.box(lat, lng, defaultRadius);
        List<NearbyReport> found = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(PENDING_SQL)) {
            for (int i = 0; i < 4; i++) {
                ps.setDouble(i + 1, box[i]);
            }
            ps.setLong(5, categoryId);
            ps.setTimestamp(6, Timestamp.from(at.minus(defaultWindow)));
            ps.setTimestamp(7, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double d = Geo.distanceMeters(lat, lng, rs.getDouble(2), rs.getDouble(3));
                    if (d <= defaultRadius) {
                        found.add(new NearbyReport(
                                rs.getLong(1), d, rs.getTimestamp(4).toInstant()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Duplicate search failed", e);
        }
        found.sort((a, b) -> Double.compare(a.distanceMeters(), b.distanceMeters()));
        return found;
    }
}
