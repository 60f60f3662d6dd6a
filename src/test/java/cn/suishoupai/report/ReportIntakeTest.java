package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.identity.Account;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.PhotoStore;
import cn.suishoupai.media.TestPhotos;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/v1/reports: storing, checking, routing and refusing, against real PostgreSQL and S3. */
@QuarkusTest
class ReportIntakeTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    ObjectStorage storage;

    @Inject
    PhotoStore photoStore;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    Town town;
    Account resident;
    String token;

    @BeforeEach
    void setUp() {
        town = new Town(fixtures, Fixtures.token(fixtures.admin()));
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of(town.villageA.id));
        town.rule(town.reviewed.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        resident = fixtures.resident();
        token = fixtures.tokenFor(resident.id);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private byte[] goodPhoto(double[] at, long seed) {
        return Reports.photo(at[0], at[1], clock.instant().minus(Duration.ofHours(1)), seed);
    }

    private Response submit(double[] at, String category, byte[]... photos) {
        List<Reports.Part> parts = new ArrayList<>();
        for (int i = 0; i < photos.length; i++) {
            parts.add(Reports.jpeg("p" + i + ".jpg", photos[i]));
        }
        return Reports.submit(token, Reports.fields(at, category), parts);
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

    private long reportsOf(Account a) throws Exception {
        return count("select count(*) from report where reporter_id = ?", a.id);
    }

    @Test
    void aClearReportIsDispatchedAtOnceWithItsExplanation() throws Exception {
        double[] at = town.centre('A', 0, 0);
        Response r = submit(at, town.fire.code, goodPhoto(at, 1), goodPhoto(at, 2));
        r.then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/reports/" + r.path("id")))
                .body("status", equalTo("ACCEPTED"))
                .body("statusLabel", equalTo("已受理"))
                .body("ticketId", notNullValue())
                .body("reviewReasons", empty())
                .body("claimCode", nullValue());
        long ticketId = ((Number) r.path("ticketId")).longValue();
        assertThat(count(
                        "select count(*) from ticket where id = ? and state = 'DISPATCHED' and lead_unit_id = ? "
                                + "and routing->'matchedRule' is not null",
                        ticketId,
                        town.department.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_assist_unit where ticket_id = ? and unit_id = ?",
                        ticketId,
                        town.villageA.id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event where ticket_id = ? and type = 'DISPATCHED' and actor_id is null",
                        ticketId))
                .isEqualTo(1);
        long reportId = ((Number) r.path("id")).longValue();
        assertThat(count("select count(*) from photo where report_id = ? and cardinality(flags) = 0", reportId))
                .isEqualTo(2);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_SUBMITTED' and target_id = ?",
                        String.valueOf(reportId)))
                .isEqualTo(1);
        assertThat(count("select count(*) from upload_intent")).isZero();

        // original kept byte for byte (privately); the display copy carries no EXIF
        String original = one("select original_key from photo where report_id = ? and seq = 0", reportId);
        String display = one("select display_key from photo where report_id = ? and seq = 0", reportId);
        String thumb = one("select thumb_key from photo where report_id = ? and seq = 0", reportId);
        assertThat(storage.stat(original)).isPresent();
        byte[] displayBytes = bytesOf(display);
        assertThat(TestPhotos.hasExifSegment(displayBytes)).isFalse();
        assertThat(storage.stat(thumb)).isPresent();
    }

    private byte[] bytesOf(String key) throws Exception {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    private String one(String sql, Object arg) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theOriginalIsStoredExactly() throws Exception {
        double[] at = town.centre('A', 0, 1);
        byte[] photo = goodPhoto(at, 3);
        long id = ((Number) submit(at, town.fire.code, photo)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(bytesOf(one("select original_key from photo where report_id = ?", id)))
                .isEqualTo(photo);
        assertThat(one("select sha256 from photo where report_id = ?", id))
                .isEqualTo(HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(photo)));
    }

    @Test
    void reviewReasonsSendTheReportToTheDispatcher() {
        double[] at = town.centre('B', 0, 0);
        // a category that is always reviewed
        submit(at, town.reviewed.code, goodPhoto(at, 4))
                .then()
                .statusCode(201)
                .body("status", equalTo("SUBMITTED"))
                .body("statusLabel", equalTo("已提交"))
                .body("ticketId", nullValue())
                .body("reviewReasons", contains("CATEGORY_REQUIRES_REVIEW"));
        // no category at all
        double[] b = town.centre('B', 0, 1);
        submit(b, null, goodPhoto(b, 5)).then().statusCode(201).body("reviewReasons", hasItem("NO_CATEGORY"));
        // an unknown category
        double[] c = town.centre('B', 1, 0);
        submit(c, "NO-SUCH-CATEGORY", goodPhoto(c, 6))
                .then()
                .statusCode(201)
                .body("reviewReasons", hasItem("UNKNOWN_CATEGORY"))
                .body("reviewReasons", hasItem("NO_RULE"));
    }

    @Test
    void photoEvidenceIsFlaggedNotRefused() throws Exception {
        double[] at = town.centre('A', 1, 0);
        // taken 600 m east of the claimed point
        byte[] far =
                Reports.photo(at[0], at[1] + 600 / (111_320 * Math.cos(Math.toRadians(at[0]))), clock.instant(), 7);
        long farId = ((Number) submit(at, town.fire.code, far)
                        .then()
                        .statusCode(201)
                        .body("reviewReasons", contains("PHOTO_FLAGGED"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(one("select array_to_string(flags, ',') from photo where report_id = ?", farId))
                .isEqualTo("FAR_FROM_CLAIMED");

        double[] b = town.centre('A', 1, 1);
        byte[] old = Reports.photo(b[0], b[1], clock.instant().minus(Duration.ofDays(8)), 8);
        long oldId = ((Number) submit(b, town.fire.code, old)
                        .then()
                        .statusCode(201)
                        .body("reviewReasons", contains("PHOTO_FLAGGED"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(one("select array_to_string(flags, ',') from photo where report_id = ?", oldId))
                .isEqualTo("TAKEN_LONG_AGO");

        // a photo without EXIF (what a WeChat mini-program sends) is no evidence against the report (issue 14): it is
        // dispatched at once, the flag kept as information for staff
        double[] c = town.centre('B', 1, 1);
        byte[] bare = TestPhotos.jpeg(TestPhotos.photoLike(320, 240, 9), 0.8f);
        long bareId = ((Number) submit(c, town.fire.code, bare)
                        .then()
                        .statusCode(201)
                        .body("status", equalTo("ACCEPTED"))
                        .body("reviewReasons", empty())
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(one("select array_to_string(flags, ',') from photo where report_id = ?", bareId))
                .isEqualTo("NO_EXIF");

        // and the clock matters: the same "old" photo sent when it was fresh is fine
        clock.advance(Duration.ofDays(-8).plusHours(2));
        double[] d = town.centre('B', 0, 1);
        submit(d, town.fire.code, Reports.photo(d[0], d[1], Instant.now().minus(Duration.ofDays(8)), 10))
                .then()
                .statusCode(201)
                .body("reviewReasons", empty());
    }

    @Test
    void samePhotoOrSamePlaceIsASuspectedDuplicateOfTheOpenTicket() throws Exception {
        double[] at = town.centre('A', 0, 0);
        byte[] photo = goodPhoto(at, 11);
        long ticket = ((Number) submit(at, town.fire.code, photo)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("ticketId"))
                .longValue();

        // same bytes, reported from the other side of town
        double[] elsewhere = town.centre('B', 1, 1);
        long copy = ((Number) Reports.submit(
                                token, Reports.fields(elsewhere, town.fire.code), List.of(Reports.jpeg("x.jpg", photo)))
                        .then()
                        .statusCode(201)
                        .body("status", equalTo("SUBMITTED"))
                        .body("reviewReasons", hasItem("SUSPECTED_DUPLICATE"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(count(
                        "select count(*) from report_duplicate where report_id = ? and ticket_id = ? and kind = 'SAME_PHOTO'",
                        copy,
                        ticket))
                .isEqualTo(1);

        // a different photo 20 m away, same category
        double[] near = {at[0] + 20 / 111_320.0, at[1]};
        long nearby = ((Number) submit(near, town.fire.code, goodPhoto(near, 12))
                        .then()
                        .statusCode(201)
                        .body("reviewReasons", contains("SUSPECTED_DUPLICATE"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(count(
                        "select count(*) from report_duplicate where report_id = ? and ticket_id = ? and kind = 'NEARBY' "
                                + "and distance_m between 15 and 25",
                        nearby,
                        ticket))
                .isEqualTo(1);

        // another category at the same place is a different hazard
        submit(near, town.reviewed.code, goodPhoto(near, 13))
                .then()
                .statusCode(201)
                .body("reviewReasons", contains("CATEGORY_REQUIRES_REVIEW"));

        // the first photo again, re-compressed by a messaging app (other bytes, same picture), 300 m away, other
        // category
        double[] further = {at[0] + 300 / 111_320.0, at[1]};
        byte[] recompressed = TestPhotos.withExif(
                TestPhotos.jpeg(TestPhotos.photoLike(640, 480, 11), 0.6f),
                TestPhotos.ExifSpec.empty()
                        .gps(further[0], further[1])
                        .taken(DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss")
                                .withZone(ZoneId.of("Asia/Shanghai"))
                                .format(clock.instant())));
        long similar = ((Number) Reports.submit(
                                token,
                                Reports.fields(further, town.reviewed.code),
                                List.of(Reports.jpeg("wechat.jpg", recompressed)))
                        .then()
                        .statusCode(201)
                        .body("reviewReasons", hasItem("SUSPECTED_DUPLICATE"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(count(
                        "select count(*) from report_duplicate where report_id = ? and ticket_id = ? and kind = 'SIMILAR_PHOTO'",
                        similar,
                        ticket))
                .isEqualTo(1);
    }

    @Test
    void anonymousReportsGetAClaimCodeAndNoReporter() throws Exception {
        double[] at = town.centre('A', 1, 1);
        Map<String, String> f = Reports.fields(at, town.fire.code);
        f.put("anonymous", "true");
        Response r = Reports.submit(token, f, List.of(Reports.jpeg("a.jpg", goodPhoto(at, 14))));
        r.then()
                .statusCode(201)
                .body(
                        "claimCode",
                        org.hamcrest.Matchers.matchesPattern("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));
        long id = ((Number) r.path("id")).longValue();
        assertThat(count("select count(*) from report where id = ? and reporter_id is null and anonymous", id))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from audit_log where target_type = 'report' and target_id = ? and actor_id is not null",
                        String.valueOf(id)))
                .isZero();
    }

    @Test
    void gridWorkersMayReportOtherStaffMayNot() {
        double[] at = town.centre('B', 0, 0);
        Account gridWorker = fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneB.id));
        Reports.submit(
                        Fixtures.token(gridWorker),
                        Reports.fields(at, town.reviewed.code),
                        List.of(Reports.jpeg("g.jpg", goodPhoto(at, 15))))
                .then()
                .statusCode(201);
        assertProblem(
                Reports.submit(
                                Fixtures.token(town.dispatcher()),
                                Reports.fields(at, town.fire.code),
                                List.of(Reports.jpeg("d.jpg", goodPhoto(at, 16))))
                        .then(),
                403,
                "forbidden");
        assertProblem(
                io.restassured.RestAssured.given()
                        .contentType("multipart/form-data")
                        .multiPart("lat", "1")
                        .post("/api/v1/reports")
                        .then(),
                401,
                "unauthenticated");
    }

    // ------------------------------------------------------------------ refusals: nothing kept

    /** Every refusal leaves no report, no photo row, no journal entry and no object. */
    private void assertNothingKept(List<String> objectsBefore) throws Exception {
        assertThat(reportsOf(resident)).isZero();
        assertThat(count("select count(*) from upload_intent")).isZero();
        assertThat(storage.list("reports/")).containsExactlyInAnyOrderElementsOf(objectsBefore);
    }

    @Test
    void photosAreCheckedByContentAndTheFileIsNamed() throws Exception {
        double[] at = town.centre('A', 0, 0);
        List<String> before = storage.list("reports/");
        byte[] good = goodPhoto(at, 17);

        assertProblem(
                        Reports.submit(
                                        token,
                                        Reports.fields(at, town.fire.code),
                                        List.of(
                                                Reports.jpeg("ok.jpg", good),
                                                Reports.jpeg("notes.jpg", TestPhotos.textPretendingToBeJpeg())))
                                .then(),
                        415,
                        "photo-unsupported-type")
                .body("file", equalTo("notes.jpg"))
                .body("index", equalTo(1));
        assertNothingKept(before);

        byte[] huge = Arrays.copyOf(good, 10 * 1024 * 1024 + 1); // JPEG magic, over 10 MB
        assertProblem(
                        Reports.submit(
                                        token,
                                        Reports.fields(at, town.fire.code),
                                        List.of(Reports.jpeg("big.jpg", huge)))
                                .then(),
                        413,
                        "photo-too-large")
                .body("file", equalTo("big.jpg"));
        assertNothingKept(before);

        assertProblem(
                        Reports.submit(
                                        token,
                                        Reports.fields(at, town.fire.code),
                                        List.of(new Reports.Part(
                                                "bomb.png", TestPhotos.pngHeaderClaiming(50_000, 50_000), "image/png")))
                                .then(),
                        422,
                        "photo-too-many-pixels")
                .body("file", equalTo("bomb.png"));
        assertNothingKept(before);

        assertProblem(
                        Reports.submit(
                                        token,
                                        Reports.fields(at, town.fire.code),
                                        List.of(
                                                Reports.jpeg("a.jpg", good),
                                                Reports.jpeg("b.jpg", goodPhoto(at, 18)),
                                                Reports.jpeg("cut.jpg", TestPhotos.truncated(goodPhoto(at, 19), 0.5))))
                                .then(),
                        422,
                        "photo-undecodable")
                .body("file", equalTo("cut.jpg"))
                .body("detail", org.hamcrest.Matchers.containsString("cut.jpg"));
        assertNothingKept(before);
    }

    @Test
    void badFieldsAreRefusedWithEveryFieldNamed() throws Exception {
        double[] at = town.centre('A', 0, 0);
        byte[] good = goodPhoto(at, 20);
        Map<String, String> f = Reports.fields(at, town.fire.code);
        f.put("lat", "north");
        f.remove("crs");
        assertProblem(
                        Reports.submit(token, f, List.of(Reports.jpeg("a.jpg", good)))
                                .then(),
                        400,
                        "validation-failed")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("lat", "crs"));

        f = Reports.fields(at, town.fire.code);
        f.put("lat", "95");
        f.put("crs", "MARS");
        f.put("description", "危".repeat(1001));
        assertProblem(
                        Reports.submit(token, f, List.of(Reports.jpeg("a.jpg", good)))
                                .then(),
                        422,
                        "validation-failed")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("lat", "crs", "description"));

        assertProblem(
                        Reports.submit(token, Reports.fields(at, town.fire.code), List.of())
                                .then(),
                        422,
                        "validation-failed")
                .body("errors.field", contains("photos"));
        List<Reports.Part> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(Reports.jpeg(i + ".jpg", good));
        }
        assertProblem(
                        Reports.submit(token, Reports.fields(at, town.fire.code), ten)
                                .then(),
                        422,
                        "validation-failed")
                .body("errors.field", contains("photos"));
        assertNothingKept(storage.list("reports/"));
    }

    @Test
    void aPlaceOutsideEveryTownshipIsRefusedInChinese() throws Exception {
        List<String> before = storage.list("reports/");
        double[] nowhere = town.outside();
        assertProblem(submit(nowhere, town.fire.code, goodPhoto(nowhere, 21)).then(), 422, "outside-coverage")
                .body("detail", org.hamcrest.Matchers.containsString("不在本平台服务"));
        assertNothingKept(before);
    }

    @Test
    void aGapInsideTheTownshipGoesToItsDispatcher() {
        double[] edge = {town.minLat - 0.0005, town.minLng + 0.005};
        submit(edge, town.fire.code, goodPhoto(edge, 22))
                .then()
                .statusCode(201)
                .body("status", equalTo("SUBMITTED"))
                .body("reviewReasons", contains("OUTSIDE_GRIDS"));
    }

    @Test
    void gcj02CoordinatesAreStoredAsWgs84() throws Exception {
        double[] wgs = town.centre('A', 1, 0);
        double[] gcj = CoordinateConverter.wgs84ToGcj02(wgs[0], wgs[1]);
        Map<String, String> f = Reports.fields(gcj, town.fire.code);
        f.put("crs", "GCJ02");
        long id = ((Number) Reports.submit(token, f, List.of(Reports.jpeg("a.jpg", goodPhoto(wgs, 23))))
                        .then()
                        .statusCode(201)
                        .body("status", equalTo("ACCEPTED"))
                        .extract()
                        .path("id"))
                .longValue();
        assertThat(count(
                        "select count(*) from report where id = ? and abs(lat - ?) < 0.00001 and abs(lng - ?) < 0.00001 "
                                + "and input_crs = 'GCJ02'",
                        id,
                        wgs[0],
                        wgs[1]))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ retries and limits

    @Test
    void aRetriedSubmissionReturnsTheFirstResult() throws Exception {
        double[] at = town.centre('B', 1, 0);
        byte[] photo = goodPhoto(at, 24);
        Response first = Reports.request(
                        token, Reports.fields(at, town.fire.code), List.of(Reports.jpeg("a.jpg", photo)))
                .header("Idempotency-Key", "weak-4g-1")
                .post("/api/v1/reports");
        first.then().statusCode(201);
        Reports.request(token, Reports.fields(at, town.fire.code), List.of(Reports.jpeg("a.jpg", photo)))
                .header("Idempotency-Key", "weak-4g-1")
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(first.path("id")))
                .body("ticketId", equalTo(first.path("ticketId")));
        assertThat(reportsOf(resident)).isEqualTo(1);
        // same key, another photo: a different request
        assertProblem(
                Reports.request(
                                token,
                                Reports.fields(at, town.fire.code),
                                List.of(Reports.jpeg("a.jpg", goodPhoto(at, 25))))
                        .header("Idempotency-Key", "weak-4g-1")
                        .post("/api/v1/reports")
                        .then(),
                422,
                "idempotency-key-reused");
        assertThat(reportsOf(resident)).isEqualTo(1);
    }

    @Test
    void theDailyLimitIsPerResidentAndResetsAtMidnightShanghai() throws Exception {
        // %test daily limit is 5
        for (int i = 0; i < 5; i++) {
            double[] at = town.centre('A', i % 2, i / 2 % 2);
            submit(at, town.reviewed.code, goodPhoto(at, 30 + i)).then().statusCode(201);
        }
        double[] at = town.centre('B', 0, 0);
        Response refused = submit(at, town.reviewed.code, goodPhoto(at, 40));
        assertProblem(refused.then(), 429, "report-rate-limited").header("Retry-After", notNullValue());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 86_400L);
        assertThat(reportsOf(resident)).isEqualTo(5);

        Account other = fixtures.resident();
        Reports.submit(
                        fixtures.tokenFor(other.id),
                        Reports.fields(at, town.reviewed.code),
                        List.of(Reports.jpeg("a.jpg", goodPhoto(at, 41))))
                .then()
                .statusCode(201);

        clock.advance(Duration.ofSeconds(retryAfter));
        submit(at, town.reviewed.code, goodPhoto(at, 42)).then().statusCode(201);
    }

    @Test
    void theLimitHoldsWhenSubmissionsRace() throws Exception {
        // one atomic upsert in the database is what every instance shares; race 8 submissions at a limit of 5
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double[] at = town.centre(i % 2 == 0 ? 'A' : 'B', i / 2 % 2, i / 4 % 2);
            byte[] photo = goodPhoto(at, 50 + i);
            results.add(pool.submit(() -> submit(at, town.reviewed.code, photo).statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(201, 429);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(reportsOf(resident)).isEqualTo(5);
        assertThat(count("select used from report_quota where account_id = ?", resident.id))
                .isEqualTo(5);
        assertThat(count("select count(*) from upload_intent")).isZero();
    }

    // ------------------------------------------------------------------ orphan cleanup

    @Test
    void objectsOfAnAbandonedUploadAreRemovedAfterTheGracePeriod() throws Exception {
        // what a crash between upload and commit leaves: a journal entry and its objects
        PhotoStore.Batch crashed = photoStore.begin("reports/test-crash/" + Fixtures.unique("c"), 1);
        for (String key : crashed.keys()) {
            storage.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "application/octet-stream");
        }
        // a committed report's objects are never touched
        double[] at = town.centre('A', 0, 0);
        long id = ((Number) submit(at, town.fire.code, goodPhoto(at, 43))
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        String kept = one("select original_key from photo where report_id = ?", id);

        photoStore.cleanup();
        assertThat(storage.stat(crashed.keys().get(0)))
                .as("within the grace period")
                .isPresent();

        clock.advance(Duration.ofHours(2));
        photoStore.cleanup();
        for (String key : crashed.keys()) {
            assertThat(storage.stat(key)).as(key).isEmpty();
        }
        assertThat(count("select count(*) from upload_intent where id = ?", crashed.intentId()))
                .isZero();
        assertThat(storage.stat(kept)).isPresent();
    }
}
