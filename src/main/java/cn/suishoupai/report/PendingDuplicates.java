package cn.suishoupai.report;

import cn.suishoupai.common.NearbyRows;
import cn.suishoupai.ticket.DuplicateFinder;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

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
    private final DuplicateFinder tickets;

    PendingDuplicates(AgroalDataSource ds, DuplicateFinder tickets) {
        this.ds = ds;
        this.tickets = tickets;
    }

    /**
     * Reports still waiting in the review queue, of the category, near the point and recent enough
     * (the same radius and window as for open tickets), nearest first: two residents reporting one
     * hazard before anyone has accepted either.
     */
    public List<NearbyReport> findPending(long categoryId, double lat, double lng, Instant at) {
        return NearbyRows.near(
                ds,
                PENDING_SQL,
                categoryId,
                lat,
                lng,
                at,
                tickets.radiusMeters(),
                tickets.window(),
                (rs, d) -> new NearbyReport(rs.getLong(1), d, rs.getTimestamp(4).toInstant()));
    }
}
