package cn.suishoupai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.common.Idempotency;
import cn.suishoupai.identity.SmsChallengeRetention;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.notify.OutboxRetention;
import cn.suishoupai.report.PhotoRetention;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data lifecycle through the API and the injected clock (docs/OPERATIONS.md §13): idempotency records, SMS codes and
 * delivered outbox rows go after their retention period and not before; photo originals are replaced by their
 * display copies once their case has ended for the period (the object deleted, the row repointed, the EXIF position
 * cleared, each audited), while an open case's photos keep theirs.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectStorage storage;

    @Inject
    Idempotency idempotency;

    @Inject
    SmsChallengeRetention sms;

    @Inject
    OutboxRetention outbox;

    @Inject
    PhotoRetention photos;

    Town town;
    String resident;
    String dispatcher;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(null, town.township.id, null, Set.of());
        Routing.refreshNow(routing);
        resident = fixtures.tokenFor(fixtures.resident().id);
        dispatcher = Fixtures.token(town.dispatcher());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Response submit(char zone, String category, long seed, String idempotencyKey) {
        double[] at = town.centre(zone, 0, 0);
        Map<String, String> f = Reports.fields(at, category);
        byte[] photo = Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed);
        var r = Reports.request(resident, f, List.of(Reports.jpeg("p.jpg", photo)));
        if (idempotencyKey != null) {
            r = r.header("Idempotency-Key", idempotencyKey);
        }
        Response response = r.post("/api/v1/reports");
        response.then().statusCode(201);
        return response;
    }

    private long count(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String[]> photoKeys(long reportId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select id, original_key, display_key, exif_lat from photo where report_id = ? order by id")) {
            ps.setLong(1, reportId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
                return out;
            }
        }
    }

    @Test
    void idempotencyRecordsAndSmsCodesGoAfterTheirPeriod() throws Exception {
        String key = Fixtures.unique("retention-key");
        submit('A', town.fire.code, 31, key);
        String phone = String.valueOf(13_500_000_000L + (System.nanoTime() % 1_000_000) * 10);
        given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/auth/sms/request")
                .then()
                .statusCode(200);
        assertThat(count("select count(*) from idempotency_record where idem_key = ?", key))
                .isEqualTo(1);
        assertThat(count("select count(*) from sms_challenge where phone = ?", phone))
                .isEqualTo(1);

        clock.advance(Duration.ofHours(36)); // the record is honoured longer than a day; the code expired long ago
        idempotency.expire();
        sms.purge();
        assertThat(count("select count(*) from idempotency_record where idem_key = ?", key))
                .isEqualTo(1);
        assertThat(count("select count(*) from sms_challenge where phone = ?", phone))
                .isEqualTo(1);

        clock.advance(Duration.ofHours(13)); // two days after
        assertThat(idempotency.expire()).isPositive();
        assertThat(sms.purge()).isPositive();
        assertThat(count("select count(*) from idempotency_record where idem_key = ?", key))
                .isZero();
        assertThat(count("select count(*) from sms_challenge where phone = ?", phone))
                .isZero();
    }

    @Test
    void deliveredOutboxRowsGoAfterTheirPeriodPendingOnesStay() throws Exception {
        long ticket = ((Number) submit('A', town.fire.code, 32, null).path("ticketId")).longValue();
        long rows = count("select count(*) from outbox_event where ticket_id = ?", ticket);
        assertThat(rows).isPositive();
        // delivered now, all but one (as OutboxDelivery records it)
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("update outbox_event set delivered_at = ?, "
                        + "next_attempt_at = null where ticket_id = ? and id > (select min(id) from outbox_event "
                        + "where ticket_id = ?)")) {
            ps.setObject(1, java.sql.Timestamp.from(clock.instant()));
            ps.setLong(2, ticket);
            ps.setLong(3, ticket);
            assertThat(ps.executeUpdate()).isEqualTo((int) rows - 1);
        }
        clock.advance(Duration.ofDays(89));
        outbox.purge();
        assertThat(count("select count(*) from outbox_event where ticket_id = ?", ticket))
                .isEqualTo(rows);
        clock.advance(Duration.ofDays(2));
        assertThat(outbox.purge()).isGreaterThanOrEqualTo(rows - 1);
        assertThat(count("select count(*) from outbox_event where ticket_id = ?", ticket))
                .isEqualTo(1);
        assertThat(count("select count(*) from outbox_event where ticket_id = ? and delivered_at is null", ticket))
                .isEqualTo(1);
    }

    @Test
    void originalsOfEndedCasesAreReplacedByTheirDisplayCopies() throws Exception {
        // not taken on (不予受理): its case ends now
        long rejected = ((Number) submit('A', town.reviewed.code, 41, null).path("id")).longValue();
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"NOT_A_HAZARD\"}")
                .post("/api/v1/dispatch/reports/" + rejected + "/actions/reject")
                .then()
                .statusCode(200);
        // dispatched on its own, then cancelled: the ticket's case ends with its reports'
        Response fire = submit('B', town.fire.code, 42, null);
        long cancelled = ((Number) fire.path("id")).longValue();
        given().auth()
                .oauth2(dispatcher)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"重复派单\"}")
                .post("/api/v1/tickets/" + fire.path("ticketId") + "/actions/cancel")
                .then()
                .statusCode(200);
        // still open
        long open = ((Number) submit('A', town.fire.code, 43, null).path("id")).longValue();

        String[] rejectedPhoto = photoKeys(rejected).get(0);
        String[] cancelledPhoto = photoKeys(cancelled).get(0);
        String[] openPhoto = photoKeys(open).get(0);
        assertThat(rejectedPhoto[3]).as("the EXIF position was read").isNotNull();
        assertThat(storage.stat(rejectedPhoto[1])).isPresent();

        clock.advance(Duration.ofDays(179));
        photos.run();
        assertThat(photoKeys(rejected).get(0)[1]).isEqualTo(rejectedPhoto[1]);

        clock.advance(Duration.ofDays(2));
        assertThat(photos.run()).isGreaterThanOrEqualTo(2);
        for (var p : List.of(Map.entry(rejected, rejectedPhoto), Map.entry(cancelled, cancelledPhoto))) {
            String[] now = photoKeys(p.getKey()).get(0);
            String[] before = p.getValue();
            assertThat(now[1]).as("original now the display copy").isEqualTo(before[2]);
            assertThat(now[3]).as("EXIF position cleared").isNull();
            assertThat(storage.stat(before[1])).as("original object deleted").isEmpty();
            assertThat(storage.stat(before[2])).as("display copy kept").isPresent();
            assertThat(count(
                            "select count(*) from audit_log where action = 'photo.original-removed' "
                                    + "and target_type = 'photo' and target_id = ?",
                            before[0]))
                    .isEqualTo(1);
        }
        String[] stillOpen = photoKeys(open).get(0);
        assertThat(stillOpen[1]).isEqualTo(openPhoto[1]);
        assertThat(storage.stat(openPhoto[1])).isPresent();
        assertThat(photos.run()).as("nothing twice").isZero();
    }
}
