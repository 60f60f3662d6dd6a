package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.identity.Account;
import cn.suishoupai.media.CraftedPhotos;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.TestPhotos;
import cn.suishoupai.media.UploadWorkers;
import cn.suishoupai.media.Uploads;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import cn.suishoupai.support.UploadSteps;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/reports as JSON with photoIds (issue 14): the WeChat mini-program's journey, a report waiting for its
 * photos and finished by the worker (once), dropped and unusable photos, every bad input creating nothing, retries.
 * Real PostgreSQL and S3; the worker pool is drained by the test.
 */
@QuarkusTest
class UploadReportTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    UploadWorkers workers;

    @Inject
    Uploads uploads;

    @Inject
    ObjectStorage storage;

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
        workers.drain(); // what earlier tests left queued is not ours
    }

    @AfterEach
    void resetClock() {
        clock.reset();
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

    private String one(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long id(Response r) {
        return ((Number) r.path("id")).longValue();
    }

    // ------------------------------------------------------------------ the journey

    @Test
    void aMiniProgramJourneyWithoutExifIsDispatchedOnceTheWorkerIsDone() throws Exception {
        // photos one by one, as wx.compressImage leaves them: no EXIF at all
        long first = UploadSteps.uploadId(token, UploadSteps.compressed(101));
        long second = UploadSteps.uploadId(token, UploadSteps.compressed(102));
        // the point as wx.getLocation gives it: GCJ-02
        double[] wgs = town.centre('A', 0, 0);
        double[] gcj = CoordinateConverter.wgs84ToGcj02(wgs[0], wgs[1]);
        Map<String, Object> body = UploadSteps.body(List.of(first, second), gcj, town.fire.code);
        body.put("crs", "GCJ02");
        body.put("accuracyM", 35.5);

        Response submitted = UploadSteps.submit(token, body, "mp-journey-1");
        submitted
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/reports/" + submitted.path("id")))
                .body("status", equalTo("PHOTOS_PROCESSING"))
                .body("statusLabel", equalTo("照片处理中"))
                .body("ticketId", nullValue())
                .body("reviewReasons", empty());
        long reportId = id(submitted);
        assertThat(count(
                        "select count(*) from report where id = ? and status = 'PHOTOS_PROCESSING' and accuracy_m = 35.5 "
                                + "and input_crs = 'GCJ02' and abs(lat - ?) < 0.00001 and abs(lng - ?) < 0.00001",
                        reportId,
                        wgs[0],
                        wgs[1]))
                .isEqualTo(1);
        assertThat(count("select count(*) from photo where report_id = ?", reportId))
                .isZero();
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + reportId)
                .then()
                .statusCode(200)
                .body("status", equalTo("PHOTOS_PROCESSING"));

        assertThat(workers.drain()).isEqualTo(2);

        Response done = given().auth().oauth2(token).get("/api/v1/reports/" + reportId);
        done.then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("photos.size()", equalTo(2))
                .body("timeline.type", hasItem("DISPATCHED"));
        long ticketId = Long.parseLong(one("select ticket_id from report where id = ?", reportId));
        assertThat(count(
                        "select count(*) from ticket where id = ? and state = 'DISPATCHED' and lead_unit_id = ?",
                        ticketId,
                        town.department.id))
                .isEqualTo(1);
        assertThat(count("select count(*) from ticket_event where ticket_id = ? and type = 'DISPATCHED'", ticketId))
                .isEqualTo(1);
        // the photos carry NO_EXIF as information; nothing held the report back
        assertThat(count(
                        "select count(*) from photo where report_id = ? and flags = '{NO_EXIF}' and seq in (0, 1)",
                        reportId))
                .isEqualTo(2);
        assertThat(count("select count(*) from photo_upload where report_id = ? and consumed_at is not null", reportId))
                .isEqualTo(2);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_PHOTOS_PROCESSED' and target_id = ?",
                        String.valueOf(reportId)))
                .isEqualTo(1);
        // the uploads now name the report
        given().auth().oauth2(token).get("/api/v1/uploads/" + first).then().body("reportId", equalTo((int) reportId));

        // staff see the device's accuracy with the report and on the ticket
        given().auth()
                .oauth2(Fixtures.token(town.dispatcher()))
                .get("/api/v1/dispatch/reports/" + reportId)
                .then()
                .statusCode(200)
                .body("accuracyMeters", equalTo(35.5f));
        Account unit = fixtures.staff(Set.of("unit"), town.department.id, Set.of());
        given().auth()
                .oauth2(Fixtures.token(unit))
                .get("/api/v1/tickets/" + ticketId)
                .then()
                .statusCode(200)
                .body("reports[0].accuracyMeters", equalTo(35.5f));

        // a retry of the submission (weak 4G) gets the first answer, and no second report
        UploadSteps.submit(token, body, "mp-journey-1")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo((int) reportId))
                .body("status", equalTo("PHOTOS_PROCESSING"));
        assertThat(count("select count(*) from report where reporter_id = ?", resident.id))
                .isEqualTo(1);
        // the same key for another report is refused
        Map<String, Object> other = UploadSteps.body(List.of(first), gcj, town.fire.code);
        assertProblem(UploadSteps.submit(token, other, "mp-journey-1").then(), 422, "idempotency-key-reused");
        assertThat(count("select count(*) from report where reporter_id = ?", resident.id))
                .isEqualTo(1);
    }

    @Test
    void photosProcessedBeforeTheReportAreDispatchedAtOnce() throws Exception {
        long a = UploadSteps.uploadId(token, UploadSteps.compressed(103));
        workers.drain();
        double[] at = town.centre('A', 1, 0);
        Response r = UploadSteps.submit(token, UploadSteps.body(List.of(a), at, town.fire.code), null);
        r.then()
                .statusCode(201)
                .body("status", equalTo("ACCEPTED"))
                .body("ticketId", notNullValue())
                .body("reviewReasons", empty());
        // review reasons work as for the form: an always-reviewed category waits for a dispatcher
        long b = UploadSteps.uploadId(token, UploadSteps.compressed(104));
        workers.drain();
        UploadSteps.submit(token, UploadSteps.body(List.of(b), town.centre('B', 0, 0), town.reviewed.code), null)
                .then()
                .statusCode(201)
                .body("status", equalTo("SUBMITTED"))
                .body("reviewReasons", contains("CATEGORY_REQUIRES_REVIEW"));
    }

    @Test
    void twoWorkersFinishingTheLastTwoPhotosAtOnceDispatchOnce() throws Exception {
        long a = UploadSteps.uploadId(token, UploadSteps.compressed(105));
        long b = UploadSteps.uploadId(token, UploadSteps.compressed(106));
        double[] at = town.centre('A', 0, 1);
        long reportId = id(UploadSteps.submit(token, UploadSteps.body(List.of(a, b), at, town.fire.code), null)
                .then()
                .statusCode(201)
                .body("status", equalTo("PHOTOS_PROCESSING"))
                .extract()
                .response());
        // two workers, each holding one of the photos, finish at the same moment
        List<UploadWorkers.Claimed> first = workers.claim(1);
        List<UploadWorkers.Claimed> second = workers.claim(1);
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(List.of(first.get(0).id(), second.get(0).id())).containsExactlyInAnyOrder(a, b);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (UploadWorkers.Claimed c : List.of(first.get(0), second.get(0))) {
            runs.add(pool.submit(() -> {
                together.await();
                workers.process(c);
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();

        assertThat(one("select status from report where id = ?", reportId)).isEqualTo("ACCEPTED");
        assertThat(count("select count(*) from ticket t join report r on r.ticket_id = t.id where r.id = ?", reportId))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event e join report r on r.ticket_id = e.ticket_id "
                                + "where r.id = ? and e.type = 'DISPATCHED'",
                        reportId))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ticket_event where type = 'DISPATCHED' and (details->>'reportId')::bigint = ?",
                        reportId))
                .isEqualTo(1);
        assertThat(count("select count(*) from photo where report_id = ?", reportId))
                .isEqualTo(2);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_PHOTOS_PROCESSED' and target_id = ?",
                        String.valueOf(reportId)))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ photos that turn out unusable

    private static byte[] garbledPng(long seed) {
        return CraftedPhotos.pngWithGarbageIdat(TestPhotos.png(TestPhotos.photoLike(200, 150, seed)), seed);
    }

    @Test
    void anUndecodablePhotoIsDroppedAndTheReporterToldTheRestGoesOn() throws Exception {
        long good = UploadSteps.uploadId(token, UploadSteps.compressed(107));
        long bad = ((Number) UploadSteps.upload(token, "file", "bad.png", garbledPng(108), Map.of())
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id"))
                .longValue();
        double[] at = town.centre('B', 1, 0);
        long reportId = id(UploadSteps.submit(token, UploadSteps.body(List.of(bad, good), at, town.fire.code), null)
                .then()
                .statusCode(201)
                .body("status", equalTo("PHOTOS_PROCESSING"))
                .extract()
                .response());
        workers.drain();

        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + reportId)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"))
                .body("photos.size()", equalTo(1))
                .body("timeline.type", hasItem("PHOTO_DROPPED"));
        assertThat(count("select count(*) from photo where report_id = ? and seq = 0", reportId))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox_event where type = 'REPORT_PHOTO_DROPPED' and recipient_type = 'ACCOUNT' "
                                + "and recipient_id = ? and (payload->>'reportId')::bigint = ? "
                                + "and (payload->>'uploadId')::bigint = ? and payload->>'reason' = 'UNDECODABLE' "
                                + "and (payload->>'photosLeft')::int = 1",
                        resident.id,
                        reportId,
                        bad))
                .isEqualTo(1);
    }

    @Test
    void aReportLeftWithoutAUsablePhotoGoesToTheDispatcherWithThatReason() throws Exception {
        long bad = ((Number) UploadSteps.upload(token, "file", "bad.png", garbledPng(109), Map.of())
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id"))
                .longValue();
        double[] at = town.centre('B', 1, 1);
        long reportId = id(UploadSteps.submit(token, UploadSteps.body(List.of(bad), at, town.fire.code), null)
                .then()
                .statusCode(201)
                .extract()
                .response());
        workers.drain();

        assertThat(one("select status from report where id = ?", reportId)).isEqualTo("PENDING_REVIEW");
        assertThat(count("select count(*) from photo where report_id = ?", reportId))
                .isZero();
        given().auth()
                .oauth2(Fixtures.token(town.dispatcher()))
                .get("/api/v1/dispatch/reports?reason=NO_USABLE_PHOTO")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) reportId))
                .body("items.find { it.id == " + reportId + " }.reviewReasons", contains("NO_USABLE_PHOTO"))
                .body("items.find { it.id == " + reportId + " }.reviewDueAt", notNullValue());
        assertThat(count(
                        "select count(*) from outbox_event where type = 'REPORT_PHOTO_DROPPED' and recipient_id = ? "
                                + "and (payload->>'photosLeft')::int = 0",
                        resident.id))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ bad inputs: a clear 4xx, nothing created

    private record Snapshot(long reports, long attached, long quota, long outbox) {}

    private Snapshot snapshot() throws Exception {
        return new Snapshot(
                count("select count(*) from report"),
                count("select count(*) from photo_upload where report_id is not null"),
                count("select coalesce(sum(used), 0) from report_quota where account_id = ?", resident.id),
                count("select count(*) from outbox_event"));
    }

    private void refused(Map<String, Object> body, int status, String code, String message) throws Exception {
        Snapshot before = snapshot();
        var r = assertProblem(UploadSteps.submit(token, body, null).then(), status, code);
        if (message != null) {
            r.body("errors.field", contains("photoIds")).body("errors.message", contains(message));
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void everyBadPhotoListIsRefusedAndCreatesNothing() throws Exception {
        double[] at = town.centre('A', 1, 1);
        String fire = town.fire.code;
        long mine = UploadSteps.uploadId(token, UploadSteps.compressed(110));
        Account neighbour = fixtures.resident();
        long theirs = UploadSteps.uploadId(fixtures.tokenFor(neighbour.id), UploadSteps.compressed(111));
        // someone else's upload is answered exactly like one that does not exist
        refused(UploadSteps.body(List.of(mine, theirs), at, fire), 422, "invalid-field", "照片 " + theirs + " 不存在或不属于您");
        refused(
                UploadSteps.body(List.of(theirs + 1_000_000), at, fire),
                422,
                "invalid-field",
                "照片 " + (theirs + 1_000_000) + " 不存在或不属于您");
        // ten ids, a duplicate, none
        List<Long> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(mine + i);
        }
        refused(UploadSteps.body(ten, at, fire), 422, "invalid-field", "每条线索需要 1 到 9 张照片");
        refused(UploadSteps.body(List.of(mine, mine), at, fire), 422, "invalid-field", "同一张照片不能重复使用");
        refused(UploadSteps.body(List.of(), at, fire), 422, "invalid-field", "每条线索需要 1 到 9 张照片");
        Map<String, Object> none = UploadSteps.body(List.of(), at, fire);
        none.remove("photoIds");
        refused(none, 422, "invalid-field", "每条线索需要 1 到 9 张照片");
        // the other fields are checked as strictly
        Map<String, Object> noLat = UploadSteps.body(List.of(mine), at, fire);
        noLat.remove("lat");
        refused(noLat, 422, "invalid-field", null);
        Map<String, Object> wideAccuracy = UploadSteps.body(List.of(mine), at, fire);
        wideAccuracy.put("accuracyM", 10_000.5);
        Snapshot before = snapshot();
        assertProblem(UploadSteps.submit(token, wideAccuracy, null).then(), 422, "invalid-field")
                .body("errors.field", contains("accuracyM"));
        Map<String, Object> outside = UploadSteps.body(List.of(mine), town.outside(), fire);
        assertProblem(UploadSteps.submit(token, outside, null).then(), 422, "outside-coverage");
        assertThat(snapshot()).isEqualTo(before);
        // a role that does not report
        assertProblem(
                UploadSteps.submit(Fixtures.token(town.dispatcher()), UploadSteps.body(List.of(mine), at, fire), null)
                        .then(),
                403,
                "forbidden");
        assertThat(snapshot()).isEqualTo(before);

        // a used upload
        UploadSteps.submit(token, UploadSteps.body(List.of(mine), at, fire), null)
                .then()
                .statusCode(201);
        refused(
                UploadSteps.body(List.of(mine), town.centre('B', 0, 1), fire),
                422,
                "invalid-field",
                "照片 " + mine + " 已用于另一条线索");

        // an expired one (before the sweep came by)
        long old = UploadSteps.uploadId(token, UploadSteps.compressed(112));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        refused(
                UploadSteps.body(List.of(old), town.centre('B', 0, 1), fire),
                422,
                "invalid-field",
                "照片 " + old + " 已过期，请重新上传");
        assertThat(count("select count(*) from photo_upload where id = ? and report_id is null", old))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ after the report: expiry, anonymity

    @Test
    void theSweepKeepsTheObjectsAReportsPhotosUse() throws Exception {
        long a = UploadSteps.uploadId(token, UploadSteps.compressed(113));
        long reportId = id(UploadSteps.submit(
                        token, UploadSteps.body(List.of(a), town.centre('A', 0, 0), town.reviewed.code), null)
                .then()
                .statusCode(201)
                .extract()
                .response());
        workers.drain();
        String original = one("select original_key from photo where report_id = ?", reportId);
        String thumb = one("select thumb_key from photo where report_id = ?", reportId);
        clock.advance(Duration.ofHours(25));
        uploads.sweep();
        assertThat(count("select count(*) from photo_upload where id = ?", a)).isZero();
        assertThat(storage.stat(original)).isPresent();
        assertThat(storage.stat(thumb)).isPresent();
    }

    @Test
    void anAnonymousReportKeepsNoLinkToTheAccountInItsUploads() throws Exception {
        long bad = ((Number) UploadSteps.upload(token, "file", "wxfile://tmp_openid-abc.png", garbledPng(114), Map.of())
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id"))
                .longValue();
        long good = UploadSteps.uploadId(token, UploadSteps.compressed(115));
        Map<String, Object> body = UploadSteps.body(List.of(good, bad), town.centre('B', 0, 0), town.reviewed.code);
        body.put("anonymous", true);
        Response r = UploadSteps.submit(token, body, "anon-1");
        r.then()
                .statusCode(201)
                .body(
                        "claimCode",
                        org.hamcrest.Matchers.matchesPattern("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));
        long reportId = id(r);
        workers.drain();
        assertThat(count(
                        "select count(*) from photo_upload where report_id = ? and account_id is null and file_name is null",
                        reportId))
                .isEqualTo(2);
        assertThat(count("select count(*) from report where id = ? and reporter_id is null", reportId))
                .isEqualTo(1);
        // nobody may be told of the dropped photo: nothing ties the report to an account
        assertThat(count(
                        "select count(*) from outbox_event where type = 'REPORT_PHOTO_DROPPED' and (payload->>'reportId')::bigint = ?",
                        reportId))
                .isZero();
        assertThat(one("select status from report where id = ?", reportId)).isEqualTo("PENDING_REVIEW");
    }
}
