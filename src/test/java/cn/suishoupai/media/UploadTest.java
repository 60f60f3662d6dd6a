package cn.suishoupai.media;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.UploadSteps;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/uploads and GET /api/v1/uploads/{id} (issue 14): one photo per request as wx.uploadFile sends it, the
 * cheap checks before the answer, the worker pool behind it, the lease, the expiry sweep. Real PostgreSQL and S3.
 */
@QuarkusTest
class UploadTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectStorage storage;

    @Inject
    UploadWorkers workers;

    @Inject
    Uploads uploads;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    Account resident;
    String token;

    @BeforeEach
    void setUp() {
        workers.drain(); // what earlier tests left queued is not ours to count
        resident = fixtures.resident();
        token = fixtures.tokenFor(resident.id);
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

    private String one(String sql, Object arg) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private byte[] bytesOf(String key) throws Exception {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    @Test
    void aPhotoIsAcceptedAtOnceAndProcessedByTheWorker() throws Exception {
        byte[] photo = UploadSteps.compressed(1);
        Instant before = clock.instant();
        // exactly what wx.uploadFile sends: the file under the client's name, formData as text parts
        Response r = UploadSteps.upload(
                token,
                "file",
                "wxfile://tmp_a1b2c3.jpg",
                photo,
                Map.of("clientTakenAt", "2026-05-01T10:00:00+08:00", "source", "camera"));
        r.then()
                .statusCode(202)
                .header("Location", endsWith("/api/v1/uploads/" + r.path("id")))
                .body("status", equalTo("PROCESSING"))
                .body("format", equalTo("JPEG"))
                .body("bytes", equalTo(photo.length))
                .body("width", equalTo(640))
                .body("height", equalTo(480))
                .body("thumbnailUrl", nullValue())
                .body("reportId", nullValue());
        long id = ((Number) r.path("id")).longValue();
        Instant expires = Instant.parse(r.path("expiresAt"));
        assertThat(expires)
                .isBetween(before.plus(Duration.ofHours(24)), clock.instant().plus(Duration.ofHours(24)));

        // before the answer: the original staged byte for byte in the database; nothing in the object store yet
        String original = one("select original_key from photo_upload where id = ?", id);
        assertThat(staged(id)).isEqualTo(photo);
        assertThat(one("select state from photo_upload where id = ?", id)).isEqualTo("PENDING");
        for (String key : Uploads.keys(Uploads.base(original))) {
            assertThat(storage.stat(key)).as(key).isEmpty();
        }
        assertThat(count("select count(*) from upload_intent")).isZero();
        given().auth()
                .oauth2(token)
                .get("/api/v1/uploads/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("PROCESSING"));

        assertThat(workers.drain()).isEqualTo(1);

        Response ready = given().auth().oauth2(token).get("/api/v1/uploads/" + id);
        ready.then()
                .statusCode(200)
                .body("status", equalTo("READY"))
                .body("thumbnailUrl", notNullValue())
                .body("url", notNullValue())
                .body("failure", nullValue())
                .body(
                        "sha256",
                        equalTo(HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(photo))));
        byte[] thumb = fetch(ready.path("thumbnailUrl"));
        assertThat(Arrays.copyOf(thumb, 3)).isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        assertThat(TestPhotos.hasExifSegment(fetch(ready.path("url")))).isFalse();
        assertThat(count(
                        "select count(*) from photo_upload where id = ? and exif_present = false and phash is not null "
                                + "and attempts = 1 and lease_until is null",
                        id))
                .isEqualTo(1);
        assertThat(workers.drain()).as("processed once").isZero();
        // the worker wrote the original to the store, byte for byte, and the staged copy is gone
        assertThat(bytesOf(original)).isEqualTo(photo);
        assertThat(staged(id)).isNull();
    }

    private byte[] staged(long uploadId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select bytes from photo_upload_original where upload_id = ?")) {
            ps.setLong(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Test
    void anySingleFilePartIsThePhoto() {
        UploadSteps.upload(token, "photo", "a.jpg", UploadSteps.compressed(2), Map.of())
                .then()
                .statusCode(202)
                .body("status", equalTo("PROCESSING"));
    }

    // ------------------------------------------------------------------ refusals: nothing kept

    private record Kept(long rows, List<String> objects) {}

    private Kept kept() throws Exception {
        return new Kept(
                count("select count(*) from photo_upload where account_id = ?", resident.id), storage.list("uploads/"));
    }

    private void assertNothingKept(Kept before) throws Exception {
        Kept now = kept();
        assertThat(now.rows()).isEqualTo(before.rows());
        assertThat(now.objects()).containsExactlyInAnyOrderElementsOf(before.objects());
        assertThat(count("select count(*) from upload_intent")).isZero();
    }

    @Test
    void everyBadUploadIsAClearRefusalAndKeepsNothing() throws Exception {
        Kept before = kept();
        byte[] good = UploadSteps.compressed(3);

        // no file part: only form fields
        assertProblem(
                        given().auth()
                                .oauth2(token)
                                .contentType("multipart/form-data")
                                .multiPart("sha256", "0".repeat(64))
                                .post("/api/v1/uploads")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", contains("file"))
                .body("errors.message", contains("请上传一张照片（一个文件部分）"));
        assertNothingKept(before);

        // two file parts: wx.uploadFile sends one; a client that sends two is refused, not half-served
        assertProblem(
                        given().auth()
                                .oauth2(token)
                                .contentType("multipart/form-data")
                                .multiPart("file", "a.jpg", good, "image/jpeg")
                                .multiPart("file2", "b.jpg", UploadSteps.compressed(4), "image/jpeg")
                                .post("/api/v1/uploads")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", contains("file"))
                .body("errors.message", contains("每次只能上传一张照片（一个文件部分）"));
        assertNothingKept(before);

        // not an image, whatever it is called
        assertProblem(
                        UploadSteps.upload(token, "file", "notes.jpg", TestPhotos.textPretendingToBeJpeg(), Map.of())
                                .then(),
                        415,
                        "photo-unsupported-type")
                .body("file", equalTo("notes.jpg"));
        assertNothingKept(before);

        // one byte over the photo limit: the photo's own 413
        assertProblem(
                        UploadSteps.upload(
                                        token, "file", "big.jpg", Arrays.copyOf(good, 10 * 1024 * 1024 + 1), Map.of())
                                .then(),
                        413,
                        "photo-too-large")
                .body("file", equalTo("big.jpg"));
        assertNothingKept(before);

        // far over it: refused from the declared length before the body is read (as wx.uploadFile declares it)
        String answer = sendHeadersOnly("POST /api/v1/uploads HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: "
                + (12 * 1024 * 1024) + "\r\nConnection: close\r\n\r\n--xyz");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("payload-too-large");
        assertNothingKept(before);

        // a decompression bomb and a cut-off file: the cheap checks see both without decoding
        assertProblem(
                        UploadSteps.upload(
                                        token,
                                        "file",
                                        "bomb.png",
                                        TestPhotos.pngHeaderClaiming(50_000, 50_000),
                                        Map.of())
                                .then(),
                        422,
                        "photo-too-many-pixels")
                .body("file", equalTo("bomb.png"));
        assertProblem(
                        UploadSteps.upload(token, "file", "cut.jpg", TestPhotos.truncated(good, 0.5), Map.of())
                                .then(),
                        422,
                        "photo-undecodable")
                .body("file", equalTo("cut.jpg"));
        assertNothingKept(before);

        // a malformed sha256 field
        assertProblem(
                        UploadSteps.upload(token, "file", "a.jpg", good, Map.of("sha256", "abc"))
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", contains("sha256"));
        assertNothingKept(before);
    }

    /** Sends a request's head (and no body) on a raw socket and reads the answer until the server closes. */
    private static String sendHeadersOnly(String head) throws Exception {
        try (java.net.Socket s = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            // the server answers without reading the body: read the answer, not up to a close that may never come
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(text);
                if (end >= 0 && m.find() && out.size() >= end + 4 + Integer.parseInt(m.group(1))) {
                    break;
                }
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyReportersUploadAndOnlyTheOwnerSeesAnUpload() throws Exception {
        long id = UploadSteps.uploadId(token, UploadSteps.compressed(5));
        Account dispatcher = fixtures.staff(Set.of("dispatcher"), null, Set.of());
        String dispatcherToken = Fixtures.token(dispatcher);
        long rows = count("select count(*) from photo_upload");
        assertProblem(
                given().auth()
                        .oauth2(dispatcherToken)
                        .contentType("multipart/form-data")
                        .multiPart("file", "d.jpg", UploadSteps.compressed(6), "image/jpeg")
                        .post("/api/v1/uploads")
                        .then(),
                403,
                "forbidden");
        assertProblem(
                given().contentType("multipart/form-data")
                        .multiPart("file", "x.jpg", UploadSteps.compressed(7), "image/jpeg")
                        .post("/api/v1/uploads")
                        .then(),
                401,
                "unauthenticated");
        assertThat(count("select count(*) from photo_upload")).isEqualTo(rows);

        // a grid worker may upload (grid workers report too)
        Account gridWorker = fixtures.staff(Set.of("grid_worker"), null, Set.of());
        UploadSteps.upload(Fixtures.token(gridWorker), UploadSteps.compressed(8))
                .then()
                .statusCode(202);

        // someone else's upload does not exist for you; nor does one that never existed
        String other = fixtures.tokenFor(fixtures.resident().id);
        assertProblem(given().auth().oauth2(other).get("/api/v1/uploads/" + id).then(), 404, "upload-not-found");
        assertProblem(
                given().auth()
                        .oauth2(token)
                        .get("/api/v1/uploads/" + (id + 1_000_000))
                        .then(),
                404,
                "upload-not-found");
        assertProblem(
                given().auth()
                        .oauth2(dispatcherToken)
                        .get("/api/v1/uploads/" + id)
                        .then(),
                403,
                "forbidden");
    }

    // ------------------------------------------------------------------ what processing finds

    @Test
    void aPhotoOnlyDecodingCanRejectFailsWithItsReason() throws Exception {
        byte[] garbled = CraftedPhotos.pngWithGarbageIdat(TestPhotos.png(TestPhotos.photoLike(200, 150, 9)), 9);
        Response r = UploadSteps.upload(token, "file", "garbled.png", garbled, Map.of());
        r.then().statusCode(202).body("status", equalTo("PROCESSING")).body("format", equalTo("PNG"));
        long id = ((Number) r.path("id")).longValue();
        workers.drain();
        given().auth()
                .oauth2(token)
                .get("/api/v1/uploads/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("failure.code", equalTo("UNDECODABLE"))
                .body("failure.detail", notNullValue())
                .body("thumbnailUrl", nullValue());
    }

    @Test
    void theClientsChecksumIsVerifiedByTheWorker() throws Exception {
        byte[] photo = UploadSteps.compressed(10);
        String right = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(photo));
        long ok = ((Number) UploadSteps.upload(token, "file", "a.jpg", photo, Map.of("sha256", right.toUpperCase()))
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id"))
                .longValue();
        long bad = ((Number) UploadSteps.upload(token, "file", "b.jpg", photo, Map.of("sha256", "ab".repeat(32)))
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id"))
                .longValue();
        workers.drain();
        given().auth().oauth2(token).get("/api/v1/uploads/" + ok).then().body("status", equalTo("READY"));
        given().auth()
                .oauth2(token)
                .get("/api/v1/uploads/" + bad)
                .then()
                .body("status", equalTo("FAILED"))
                .body("failure.code", equalTo("CHECKSUM_MISMATCH"));
    }

    // ------------------------------------------------------------------ the queue: leases and expiry

    @Test
    void aCrashedWorkersUploadIsClaimedAgainOnceItsLeaseRunsOut() throws Exception {
        long id = UploadSteps.uploadId(token, UploadSteps.compressed(11));
        // a worker claims it and dies before it records anything
        List<UploadWorkers.Claimed> crashed = workers.claim(10);
        assertThat(crashed).extracting(UploadWorkers.Claimed::id).contains(id);
        assertThat(one("select state from photo_upload where id = ?", id)).isEqualTo("PROCESSING");

        assertThat(workers.drain()).as("within the lease nobody else takes it").isZero();
        assertThat(one("select state from photo_upload where id = ?", id)).isEqualTo("PROCESSING");

        clock.advance(Duration.ofMinutes(2).plusSeconds(1)); // the test profile's lease is the default, PT2M
        assertThat(workers.drain()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from photo_upload where id = ? and state = 'READY' and attempts = 2", id))
                .isEqualTo(1);

        // the first worker wakes up late: its claim no longer holds, so it records nothing and deletes nothing
        UploadWorkers.Claimed late =
                crashed.stream().filter(c -> c.id() == id).findFirst().orElseThrow();
        workers.process(late);
        assertThat(count("select count(*) from photo_upload where id = ? and state = 'READY' and attempts = 2", id))
                .isEqualTo(1);
        String original = one("select original_key from photo_upload where id = ?", id);
        assertThat(storage.stat(Uploads.displayKey(original))).isPresent();
    }

    @Test
    void anUploadThatCannotBeProcessedIsGivenUpAfterItsAttempts() throws Exception {
        long id = UploadSteps.uploadId(token, UploadSteps.compressed(14));
        // the bytes are neither staged nor in the object store (a lost object, as in an outage): every attempt fails
        // transiently
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from photo_upload_original where upload_id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        for (int attempt = 1; attempt <= 5; attempt++) {
            workers.drain();
            assertThat(count(
                            "select count(*) from photo_upload where id = ? and state = 'PROCESSING' and attempts = ?",
                            id,
                            attempt))
                    .as("attempt " + attempt + " keeps its claim until the lease runs out")
                    .isEqualTo(1);
            clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        }
        workers.drain();
        given().auth()
                .oauth2(token)
                .get("/api/v1/uploads/" + id)
                .then()
                .body("status", equalTo("FAILED"))
                .body("failure.code", equalTo("PROCESSING_FAILED"));
    }

    @Test
    void expiredUnusedUploadsAreSweptWithTheirObjects() throws Exception {
        long processed = UploadSteps.uploadId(token, UploadSteps.compressed(12));
        workers.drain();
        long waiting = UploadSteps.uploadId(token, UploadSteps.compressed(13));
        String processedKey = one("select original_key from photo_upload where id = ?", processed);
        String waitingKey = one("select original_key from photo_upload where id = ?", waiting);
        assertThat(storage.stat(Uploads.thumbKey(processedKey))).isPresent();

        uploads.sweep();
        assertThat(count("select count(*) from photo_upload where id in (?, ?)", processed, waiting))
                .as("not expired yet")
                .isEqualTo(2);

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        uploads.sweep();
        assertThat(count("select count(*) from photo_upload where id in (?, ?)", processed, waiting))
                .isZero();
        for (String key :
                List.of(processedKey, Uploads.displayKey(processedKey), Uploads.thumbKey(processedKey), waitingKey)) {
            assertThat(storage.stat(key)).as(key).isEmpty();
        }
        clock.reset();
        assertProblem(
                given().auth().oauth2(token).get("/api/v1/uploads/" + processed).then(), 404, "upload-not-found");
    }
}
