package cn.suishoupai.ticket;

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
 * Duplicate detection at intake, asked by report (which searches its own review queue itself). Open
 * tickets of the same category near a point and recent enough to be the same hazard (DOMAIN §5:
 * default 50 m, 7 days), nearest first. The partial GiST index on open tickets'
 * locations narrows the search to a bounding box; the exact great-circle distance decides.
 */
@ApplicationScoped
public class DuplicateFinder {

    public record Nearby(long ticketId, double distanceMeters, Instant createdAt, String state) {}

    /** Public: bench/duplicate-query.sh measures this text (bench/QueryText.java). */
    public static final String SQL = """
            select id, lat, lng, created_at, state from ticket
            where state in """ + Ticket.OPEN_STATES_SQL + """
              and location <@ box(point(?, ?), point(?, ?))
              and category_id = ? and created_at >= ? and created_at <= ?
            """;

    private final AgroalDataSource ds;
    private final double defaultRadius;
    private final Duration defaultWindow;

    DuplicateFinder(
            AgroalDataSource ds,
            @ConfigProperty(name = "suishoupai.duplicates.radius-meters", defaultValue = "50") double defaultRadius,
            @ConfigProperty(name = "suishoupai.duplicates.window", defaultValue = "P7D") Duration defaultWindow) {
        this.ds = ds;
        this.defaultRadius = defaultRadius;
        this.defaultWindow = defaultWindow;
    }

    public List<Nearby> find(long categoryId, double lat, double lng, Instant at) {
        return find(categoryId, lat, lng, at, defaultRadius, defaultWindow);
    }

    /** lat/lng WGS-84. */
    public List<Nearby> find(
            long categoryId, double lat, double lng, Instant at, double radiusMeters, Duration window) {
        double[] box = Geo.box(lat, lng, radiusMeters);
        List<Nearby> found = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(SQL)) {
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
                        found.add(
                                new Nearby(rs.getLong(1), d, rs.getTimestamp(4).toInstant(), rs.getString(5)));
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
