package cn.suishoupai.ticket;

import cn.suishoupai.common.NearbyRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
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
        return NearbyRows.near(
                ds,
                SQL,
                categoryId,
                lat,
                lng,
                at,
                radiusMeters,
                window,
                (rs, d) -> new Nearby(rs.getLong(1), d, rs.getTimestamp(4).toInstant(), rs.getString(5)));
    }

    /** The configured search radius (suishoupai.duplicates.radius-meters). */
    public double radiusMeters() {
        return defaultRadius;
    }

    /** The configured search window (suishoupai.duplicates.window). */
    public Duration window() {
        return defaultWindow;
    }
}
