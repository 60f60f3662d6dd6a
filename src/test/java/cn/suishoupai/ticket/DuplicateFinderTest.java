package cn.suishoupai.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DuplicateFinderTest {

    @Inject
    DuplicateFinder finder;

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    private long unitId;

    private static final double LAT = 31.2304;
    private static final double LNG = 121.4737;
    /** metres → degrees of latitude */
    private static final double M = 1 / 111_320.0;

    private long ticket(long categoryId, double lat, double lng, String state, Instant created) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into ticket (category_id, severity, state, lat, lng, created_at, updated_at, lead_unit_id, closed_at) "
                                + "values (?, 'GENERAL', ?, ?, ?, ?, ?, ?, ?) returning id")) {
            ps.setLong(1, categoryId);
            ps.setString(2, state);
            ps.setDouble(3, lat);
            ps.setDouble(4, lng);
            ps.setTimestamp(5, Timestamp.from(created));
            ps.setTimestamp(6, Timestamp.from(created));
            ps.setLong(7, unitId);
            ps.setTimestamp(
                    8, "CLOSED".equals(state) ? Timestamp.from(created) : null); // a closed ticket has its closing time
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void findsOpenTicketsOfTheCategoryWithinRadiusAndWindowNearestFirst() throws Exception {
        HazardCategory cat = fixtures.category("DUP", true);
        HazardCategory other = fixtures.category("DUP", true);
        unitId = fixtures.unit(null).id;
        Instant now = Instant.now();
        long at40 = ticket(cat.id, LAT + 40 * M, LNG, "DISPATCHED", now.minus(Duration.ofDays(1)));
        long at10 = ticket(
                cat.id,
                LAT,
                LNG + 10 * M / Math.cos(Math.toRadians(LAT)),
                "PENDING_REVIEW",
                now.minus(Duration.ofHours(1)));
        ticket(cat.id, LAT + 60 * M, LNG, "DISPATCHED", now); // too far
        ticket(cat.id, LAT + 5 * M, LNG, "CLOSED", now); // closed
        ticket(cat.id, LAT + 5 * M, LNG, "IN_PROGRESS", now.minus(Duration.ofDays(8))); // too old
        ticket(other.id, LAT + 5 * M, LNG, "IN_PROGRESS", now); // other category
        // a box corner: inside the bounding box but 49 m × √2 ≈ 69 m away
        ticket(cat.id, LAT + 49 * M, LNG + 49 * M / Math.cos(Math.toRadians(LAT)), "DISPATCHED", now);

        List<DuplicateFinder.Nearby> found = finder.find(cat.id, LAT, LNG, now);
        assertEquals(
                List.of(at10, at40),
                found.stream().map(DuplicateFinder.Nearby::ticketId).toList());
        assertEquals(10, found.get(0).distanceMeters(), 0.5);
        assertEquals(40, found.get(1).distanceMeters(), 0.5);

        assertEquals(
                List.of(at10),
                finder.find(cat.id, LAT, LNG, now, 20, Duration.ofDays(7)).stream()
                        .map(DuplicateFinder.Nearby::ticketId)
                        .toList());
    }

    @Test
    void theQueryUsesTheOpenTicketLocationIndex() throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            // with a handful of rows the planner would rightly scan; forbid that to see the index is usable
            st.execute("set enable_seqscan = off");
            try (ResultSet rs =
                    st.executeQuery("explain select id from ticket where state in ('PENDING_REVIEW', 'DISPATCHED', "
                            + "'IN_PROGRESS', 'RECTIFIED', 'RETURNED') and location <@ box(point(121.47, 31.23), point(121.48, 31.24)) "
                            + "and category_id = 1 and created_at >= now() - interval '7 days'")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                assertTrue(plan.toString().contains("ticket_open_location_idx"), plan.toString());
            } finally {
                st.execute("reset enable_seqscan");
            }
        }
    }

    @Test
    void thePendingReportQueryUsesThePendingReportLocationIndex() throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            try (ResultSet rs = st.executeQuery("explain select id from report where status = 'PENDING_REVIEW' "
                    + "and location <@ box(point(121.47, 31.23), point(121.48, 31.24)) "
                    + "and category_id = 1 and created_at >= now() - interval '7 days'")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                assertTrue(plan.toString().contains("report_pending_location_idx"), plan.toString());
            } finally {
                st.execute("reset enable_seqscan");
            }
        }
    }
}
