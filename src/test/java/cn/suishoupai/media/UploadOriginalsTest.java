package cn.suishoupai.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.UploadSteps;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where an upload's original goes between its request and its worker (issue 14): into the object store by the request,
 * handed to this instance's worker as a hard link on the temp disk; staged in PostgreSQL when the store refuses it or
 * does not answer in time (the worker stores it then); read back from the store by a worker elsewhere or after a
 * restart. And a request that died between its row and its answer (RECEIVING) leaves nothing a worker, a report or
 * the sweep would trip on. Real PostgreSQL and S3; the refusing and the silent store are real sockets.
 */
@QuarkusTest
class UploadOriginalsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectStorage storage;

    @Inject
    StorageConfig storageConfig;

    @Inject
    UploadWorkers workers;

    @Inject
    Uploads uploads;

    @Inject
    UploadHandoff handoff;

    @Inject
    UploadStaging staging;

    @Inject
    UploadConfig config;

    @Inject
    PhotoConfig photos;

    @Inject
    AdvisoryLocks locks;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    Account resident;
    String token;

    @BeforeEach
    void setUp() {
        workers.drain();
        resident = fixtures.resident();
        token = fixtures.tokenFor(resident.id);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aStoreThatRefusesTheOriginalMeansItIsStagedAndTheWorkerStoresIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed: every PUT is refused at once
        }
        ReceivedOriginals refusing =
                new ReceivedOriginals(new ObjectStorage(pointingAt("http://127.0.0.1:" + closed)), config, meters());
        Uploads through = uploadsStoringWith(refusing);
        byte[] first = UploadSteps.compressed(301);
        byte[] second = UploadSteps.compressed(302);

        Uploads.View a = through.accept(actor(), "a.jpg", file(first), null);
        assertThat(refusing.paused()).as("a failed PUT pauses the direct PUTs").isTrue();
        Uploads.View b = through.accept(actor(), "b.jpg", file(second), null);

        for (Uploads.View v : List.of(a, b)) {
            assertThat(v.status()).isEqualTo(Uploads.Status.PROCESSING);
            assertThat(one("select state from photo_upload where id = ?", v.id()))
                    .isEqualTo("PENDING");
            assertThat(storage.stat(originalKey(v.id()))).as("not in the store").isEmpty();
        }
        assertThat(staged(a.id())).isEqualTo(first);
        assertThat(staged(b.id())).isEqualTo(second);

        assertThat(workers.drain()).isEqualTo(2);
        for (var pair : List.of(new Object[] {a, first}, new Object[] {b, second})) {
            long id = ((Uploads.View) pair[0]).id();
            byte[] bytes = (byte[]) pair[1];
            assertThat(one("select state from photo_upload where id = ?", id)).isEqualTo("READY");
            assertThat(one("select sha256 from photo_upload where id = ?", id)).isEqualTo(sha256(bytes));
            assertThat(bytesOf(originalKey(id)))
                    .as("the worker stored the staged original")
                    .isEqualTo(bytes);
            assertThat(staged(id)).as("and dropped the staged copy").isNull();
        }
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeMeansTheOriginalIsStaged() throws Exception {
        // accepts connections and never answers: the object store's client alone would wait minutes
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ReceivedOriginals hanging = new ReceivedOriginals(
                    new ObjectStorage(pointingAt("http://127.0.0.1:" + silent.getLocalPort())), config, meters());
            byte[] photo = UploadSteps.compressed(303);
            long started = System.nanoTime();
            Uploads.View v = uploadsStoringWith(hanging).accept(actor(), "slow.jpg", file(photo), null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took)
                    .as("answered after store-timeout (PT1S in tests), not the client's minutes")
                    .isGreaterThanOrEqualTo(config.storeTimeout())
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(hanging.paused()).isTrue();
            assertThat(staged(v.id())).isEqualTo(photo);
            assertThat(workers.drain()).isEqualTo(1);
            assertThat(bytesOf(originalKey(v.id()))).isEqualTo(photo);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aWorkerWithoutTheHandedOffFileReadsTheOriginalFromTheStore() throws Exception {
        byte[] photo = UploadSteps.compressed(304);
        long id = UploadSteps.uploadId(token, photo);
        assertThat(handoff.heldBytes())
                .as("kept on the temp disk for this instance's worker")
                .isPositive();
        handoff.clear(); // as after a restart, or on another instance

        assertThat(workers.drain()).isEqualTo(1);
        given().auth()
                .oauth2(token)
                .get("/api/v1/uploads/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("READY"))
                .body("sha256", equalTo(sha256(photo)));
        assertThat(bytesOf(originalKey(id))).isEqualTo(photo);
        assertThat(storage.stat(Uploads.displayKey(originalKey(id)))).isPresent();
    }

    @Test
    void theHandoffIsBoundedAndDropsWhatNoWorkerHereWillTake() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "handoff-test-" + UUID.randomUUID()));
        UploadHandoff small = new UploadHandoff(em, dir, 1_000);
        small.clear();
        Path a = file(new byte[600]);
        Path b = file(new byte[600]);
        long done = UploadSteps.uploadId(token, UploadSteps.compressed(305));
        workers.drain(); // READY
        long waiting = UploadSteps.uploadId(token, UploadSteps.compressed(306)); // PENDING

        assertThat(small.offer(waiting, a, 600)).isTrue();
        assertThat(small.offer(done, b, 600)).as("beyond the bound").isFalse();
        assertThat(small.heldBytes()).isEqualTo(600);
        Path taken = small.take(waiting);
        assertThat(taken).as("the worker's file").exists().hasSize(600);
        assertThat(small.heldBytes()).isZero();
        Files.delete(taken); // the worker's, once done
        assertThat(small.take(waiting)).as("taken once").isNull();

        assertThat(small.offer(waiting, a, 600)).isTrue();
        assertThat(small.prune()).as("still waiting: kept").isZero();
        assertThat(workers.drain()).as("processed by another worker meanwhile").isOne();
        assertThat(small.prune()).isOne();
        assertThat(small.heldBytes()).isZero();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void anUploadWhoseRequestDiedBeforeAnsweringIsNeverProcessedAndIsSwept() throws Exception {
        byte[] photo = UploadSteps.compressed(307);
        long id = UploadSteps.uploadId(token, photo);
        String original = originalKey(id);
        // as if the instance died after the PUT and before the row became PENDING (no answer, no id given out)
        exec("update photo_upload set state = 'RECEIVING' where id = ?", id);

        assertThat(workers.drain()).as("not claimable").isZero();
        clock.advance(config.expiry().plusMinutes(1));
        uploads.sweep();
        assertThat(count("select count(*) from photo_upload where id = ?", id)).isZero();
        assertThat(storage.stat(original)).as("its object swept with it").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private Uploads uploadsStoringWith(ReceivedOriginals originals) {
        return new Uploads(em, storage, staging, originals, handoff, photos, config, locks, clock, meters(), workers);
    }

    private static SimpleMeterRegistry meters() {
        return new SimpleMeterRegistry();
    }

    private Actor actor() {
        return Actor.of(resident.id, "resident", "127.0.0.1");
    }

    private static Path file(byte[] bytes) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "upload-originals-test"));
        Path f = Files.createTempFile(dir, "photo-", ".jpg");
        Files.write(f, bytes);
        return f;
    }

    private StorageConfig pointingAt(String endpoint) {
        return (StorageConfig) Proxy.newProxyInstance(
                StorageConfig.class.getClassLoader(),
                new Class<?>[] {StorageConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "endpoint" -> endpoint;
                    case "publicEndpoint" -> Optional.empty();
                    default -> method.invoke(storageConfig, args);
                });
    }

    private String originalKey(long id) throws Exception {
        return one("select original_key from photo_upload where id = ?", id);
    }

    private byte[] bytesOf(String key) throws Exception {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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

    private String one(String sql, Object arg) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long count(String sql, Object arg) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void exec(String sql, Object arg) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            assertThat(ps.executeUpdate()).isOne();
        }
    }
}
