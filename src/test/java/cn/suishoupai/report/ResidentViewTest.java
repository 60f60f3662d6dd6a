package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A resident follows their own reports, and nobody else's. */
@QuarkusTest
class ResidentViewTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    ObjectStorage storage;

    @Inject
    AgroalDataSource ds;

    Town town;
    Account resident;
    String token;

    @BeforeEach
    void setUp() {
        town = new Town(fixtures, Fixtures.token(fixtures.admin()));
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        resident = fixtures.resident();
        token = fixtures.tokenFor(resident.id);
    }

    private io.restassured.response.Response submit(
            String who, double[] at, String category, long seed, boolean anonymous) {
        Map<String, String> f = Reports.fields(at, category);
        if (anonymous) {
            f.put("anonymous", "true");
        }
        return Reports.submit(
                who,
                f,
                List.of(Reports.jpeg(
                        "p.jpg", Reports.photo(at[0], at[1], Instant.now().minus(Duration.ofHours(1)), seed))));
    }

    @Test
    void myReportsAreListedNewestFirstWithAStatusFilter() {
        long dispatched = ((Number) submit(token, town.centre('A', 0, 0), town.fire.code, 1, false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        long queued = ((Number) submit(token, town.centre('A', 1, 0), town.reviewed.code, 2, false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        submit(token, town.centre('B', 0, 0), town.reviewed.code, 3, true)
                .then()
                .statusCode(201); // anonymous: not "mine"
        Account other = fixtures.resident();
        submit(fixtures.tokenFor(other.id), town.centre('B', 1, 0), town.reviewed.code, 4, false)
                .then()
                .statusCode(201);

        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) queued, (int) dispatched))
                .body("total", equalTo(2))
                .body("items[0].thumbnailUrl", notNullValue());
        given().auth()
                .oauth2(token)
                .queryParam("status", "ACCEPTED")
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) dispatched));
        given().auth()
                .oauth2(token)
                .queryParam("status", "SUBMITTED")
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) queued));
        assertProblem(
                given().auth()
                        .oauth2(token)
                        .queryParam("status", "NONSENSE")
                        .get("/api/v1/reports/mine")
                        .then(),
                400,
                "invalid-parameter");
        String dispatcher = Fixtures.token(town.dispatcher());
        assertProblem(
                given().auth().oauth2(dispatcher).get("/api/v1/reports/mine").then(), 403, "forbidden");
    }

    @Test
    void anotherResidentGets404AndTheTimelineNamesNoStaff() throws Exception {
        var r = submit(token, town.centre('A', 0, 1), town.fire.code, 5, false);
        long id = ((Number) r.path("id")).longValue();
        Account other = fixtures.resident();
        assertProblem(
                given().auth()
                        .oauth2(fixtures.tokenFor(other.id))
                        .get("/api/v1/reports/" + id)
                        .then(),
                404,
                "report-not-found");
        assertProblem(
                given().auth().oauth2(token).get("/api/v1/reports/999999999").then(), 404, "report-not-found");

        var detail = given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("timeline.type", contains("SUBMITTED", "DISPATCHED"))
                .body("timeline.label", contains("已提交", "已派发至责任单位"))
                .body("photos", hasSize(1))
                .body("afterPhotos", empty())
                .body(not(containsString("actor")))
                .body(not(containsString(town.department.code)))
                .extract();
        // the photo link works, briefly, without a token
        String url = detail.path("photos[0].url");
        HttpResponse<byte[]> photo = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(photo.body()).startsWith(0xFF, 0xD8); // a JPEG
        assertThat(Instant.parse(
                        ((String) detail.path("linksExpireAt"))
                                                .replace("+08:00", "Z")
                                                .length()
                                        > 0
                                ? OffsetDateTime.parse(detail.path("linksExpireAt"))
                                        .toInstant()
                                        .toString()
                                : ""))
                .isAfter(Instant.now());
    }

    @Test
    void anAnonymousReportIsReachedOnlyWithItsClaimCode() {
        var r = submit(token, town.centre('B', 1, 1), town.reviewed.code, 6, true);
        long id = ((Number) r.path("id")).longValue();
        String code = r.path("claimCode");
        assertProblem(given().auth().oauth2(token).get("/api/v1/reports/" + id).then(), 404, "report-not-found");
        assertProblem(
                given().auth()
                        .oauth2(token)
                        .header("X-Claim-Code", "AAAA-BBBB-CCCC")
                        .get("/api/v1/reports/" + id)
                        .then(),
                404,
                "report-not-found");
        given().auth()
                .oauth2(token)
                .header("X-Claim-Code", code.toLowerCase().replace("-", " "))
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("anonymous", equalTo(true))
                .body("status", equalTo("SUBMITTED"));
        // the code works for whoever holds it, e.g. the same person on a new phone
        Account newPhone = fixtures.resident();
        given().auth()
                .oauth2(fixtures.tokenFor(newPhone.id))
                .header("X-Claim-Code", code)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void afterPhotosAppearOnceTheTicketIsClosed() throws Exception {
        long id = ((Number) submit(token, town.centre('A', 1, 1), town.fire.code, 7, false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        long ticket;
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select ticket_id from report where id = ?")) {
                ps.setLong(1, id);
                var rs = ps.executeQuery();
                rs.next();
                ticket = rs.getLong(1);
            }
            // the unit's after-photo (the workflow issue adds the endpoint that writes it)
            String prefix = "tickets/" + ticket + "/after";
            for (String k : List.of("-o", "-d.jpg", "-t.jpg")) {
                storage.put(
                        prefix + k,
                        new ByteArrayInputStream(new byte[] {(byte) 0xFF, (byte) 0xD8, 1}),
                        3,
                        "image/jpeg");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into photo (ticket_id, kind, seq, format, bytes, width, height, "
                            + "original_key, display_key, thumb_key, sha256, phash, created_at) values (?, 'AFTER', 0, 'JPEG', 3, 1, 1, ?, ?, ?, ?, ?, now())")) {
                ps.setLong(1, ticket);
                ps.setString(2, prefix + "-o");
                ps.setString(3, prefix + "-d.jpg");
                ps.setString(4, prefix + "-t.jpg");
                ps.setString(5, "a".repeat(64));
                ps.setString(6, "b".repeat(16));
                ps.executeUpdate();
            }
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/reports/" + id)
                    .then()
                    .statusCode(200)
                    .body("afterPhotos", empty())
                    .body("ticketId", equalTo((int) ticket))
                    .body("rateable", equalTo(false));
            try (PreparedStatement ps = c.prepareStatement(
                    "update ticket set state = 'CLOSED', closed_at = now(), due_at = null, due_owner = null where id = ?")) {
                ps.setLong(1, ticket);
                ps.executeUpdate();
            }
        }
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("statusLabel", equalTo("已办结"))
                .body("afterPhotos", hasSize(1))
                .body("afterPhotos[0].url", containsString("after-d.jpg"))
                .body("ticketId", equalTo((int) ticket))
                .body("rateable", equalTo(true))
                .body("myRating", org.hamcrest.Matchers.nullValue());

        // the resident rates it (综合评价) with the ticket id the report names: then it says how, and no more
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"rating\":\"BASICALLY_SATISFIED\",\"comment\":\"清理及时\"}")
                .post("/api/v1/tickets/" + ticket + "/actions/rate")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("rateable", equalTo(false))
                .body("myRating.rating", equalTo("BASICALLY_SATISFIED"))
                .body("myRating.comment", equalTo("清理及时"))
                .body("myRating.ratedAt", notNullValue());
    }

    private static io.restassured.response.Response post(String who, String path, String json) {
        return given().auth()
                .oauth2(who)
                .contentType(ContentType.JSON)
                .body(json)
                .post(path);
    }

    private static io.restassured.response.Response form(String who, String path, String... nameValue) {
        var r = given().auth().oauth2(who).contentType("multipart/form-data");
        for (int i = 0; i < nameValue.length; i += 2) {
            r = r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(nameValue[i + 1])
                    .controlName(nameValue[i])
                    .mimeType("text/plain")
                    .charset("UTF-8")
                    .build());
        }
        return r.post(path);
    }

    @Test
    void aRejectedReportTellsItsReporterWhyInTheListAndTheDetail() {
        String dispatcher = Fixtures.token(town.dispatcher());
        long id = ((Number) submit(token, town.centre('A', 1, 0), town.reviewed.code, 11, false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        var anon = submit(token, town.centre('A', 1, 1), town.reviewed.code, 12, true)
                .then()
                .statusCode(201)
                .extract();
        long anonId = ((Number) anon.path("id")).longValue();
        String code = anon.path("claimCode");
        post(
                        dispatcher,
                        "/api/v1/dispatch/reports/" + id + "/actions/reject",
                        "{\"reason\":\"OUT_OF_JURISDICTION\",\"note\":\"请向市政热线反映\"}")
                .then()
                .statusCode(200);
        post(dispatcher, "/api/v1/dispatch/reports/" + anonId + "/actions/reject", "{\"reason\":\"ALREADY_FIXED\"}")
                .then()
                .statusCode(200);

        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo((int) id))
                .body("items[0].status", equalTo("REJECTED"))
                .body("items[0].reason.code", equalTo("OUT_OF_JURISDICTION"))
                .body("items[0].reason.label", equalTo("不属于本辖区或本系统受理范围"))
                .body("items[0].reason.note", equalTo("请向市政热线反映"));
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("reason.code", equalTo("OUT_OF_JURISDICTION"))
                .body("reason.label", equalTo("不属于本辖区或本系统受理范围"))
                .body("reason.note", equalTo("请向市政热线反映"));
        // the holder of an anonymous report's claim code is told too
        given().auth()
                .oauth2(token)
                .header("X-Claim-Code", code)
                .get("/api/v1/reports/" + anonId)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("reason.code", equalTo("ALREADY_FIXED"))
                .body("reason.label", equalTo("隐患已消除"));
    }

    @Test
    void aCancelledTicketTellsItsReportersWhy() {
        String dispatcher = Fixtures.token(town.dispatcher());
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        var notReal = submit(token, town.centre('A', 0, 0), town.fire.code, 13, false)
                .then()
                .statusCode(201)
                .extract();
        long notRealId = ((Number) notReal.path("id")).longValue();
        var cancelled = submit(token, town.centre('A', 0, 1), town.fire.code, 14, false)
                .then()
                .statusCode(201)
                .extract();
        long cancelledId = ((Number) cancelled.path("id")).longValue();
        assertThat((Object) notReal.path("ticketId")).isNotNull();
        assertThat((Object) cancelled.path("ticketId")).isNotNull();
        form(
                        gridWorker,
                        "/api/v1/tickets/" + notReal.path("ticketId") + "/actions/verify",
                        "real",
                        "false",
                        "note",
                        "现场无此隐患")
                .then()
                .statusCode(200);
        post(
                        dispatcher,
                        "/api/v1/tickets/" + cancelled.path("ticketId") + "/actions/cancel",
                        "{\"reason\":\"已由物业处理完毕\"}")
                .then()
                .statusCode(200);

        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + notRealId)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("reason.code", equalTo("VERIFIED_NOT_REAL"))
                .body("reason.label", equalTo("经核实不属实"))
                .body("reason.note", equalTo("现场无此隐患"))
                .body("timeline[-1].note", equalTo("现场无此隐患"));
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + cancelledId)
                .then()
                .statusCode(200)
                .body("reason.code", equalTo("CANCELLED"))
                .body("reason.label", equalTo("工单已撤销"))
                .body("reason.note", equalTo("已由物业处理完毕"))
                .body("timeline[-1].note", equalTo("已由物业处理完毕"));
        given().auth()
                .oauth2(token)
                .queryParam("status", "REJECTED")
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items.id", contains((int) cancelledId, (int) notRealId))
                .body("items.reason.code", contains("CANCELLED", "VERIFIED_NOT_REAL"));
        // a report still being worked on has no reason to show
        long open = ((Number) submit(token, town.centre('A', 1, 0), town.fire.code, 15, false)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + open)
                .then()
                .statusCode(200)
                .body("reason", org.hamcrest.Matchers.nullValue());
    }
}
