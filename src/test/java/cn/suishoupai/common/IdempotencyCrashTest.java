package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.identity.Account;
import cn.suishoupai.media.UploadWorkers;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionAdminResource;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.RunGuard;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import cn.suishoupai.support.UploadSteps;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key when an instance dies mid-request (the fault drill's finding, docs/BENCHMARKS.md): whatever point
 * it dies at, the key is left either unanswered with nothing created (and taken over by a retry after its lease) or
 * answered with the thing created. The state a killed instance leaves is made directly in the database (a claimed,
 * unanswered row), or by a trigger that fails the request exactly between the creation and the recording of its
 * answer (and the release of the key, as a killed process releases nothing). Concurrency is real: a second
 * connection holds the locks the first request needs.
 *
 * <p>Against the code before the fix (claim, create and answer in three transactions, no lease) the tests below
 * fail: a pending key stays 409 until the record expires, and the trigger's "crash" leaves the zone created.
 */
@QuarkusTest
class IdempotencyCrashTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Idempotency idempotency;

    @Inject
    IdempotencyConfig config;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource ds;

    @Inject
    RoutingService routing;

    @Inject
    UploadWorkers workers;

    Account admin;
    String token;
    Region township;

    @BeforeEach
    void setUp() {
        admin = fixtures.admin();
        token = Fixtures.token(admin);
        township = fixtures.township();
    }

    @AfterEach
    void tearDown() throws Exception {
        clock.reset();
        exec("drop trigger if exists idempotency_crash on idempotency_record");
        exec("drop function if exists idempotency_crash()");
    }

    // ------------------------------------------------------------------ a killed instance's pending key

    @Test
    void aKeyAKilledInstanceLeftPendingIsTakenOverAfterItsLease() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        // what an instance killed after claiming leaves: a claim with its token and lease, no answer, nothing created
        Instant claimedAt = clock.instant();
        exec(
                "insert into idempotency_record (account_id, idem_key, operation, request_hash, created_at, "
                        + "claim_token, lease_until) values (?, ?, 'region.create', ?, ?, ?, ?)",
                admin.id,
                key,
                hash(code),
                Timestamp.from(claimedAt),
                UUID.randomUUID(),
                Timestamp.from(claimedAt.plus(config.lease())));

        // while its lease runs, the first request might still be running somewhere: 409, nothing created
        assertProblem(post(key, zone(code)).then(), 409, "idempotency-in-progress")
                .header("Retry-After", "1");
        assertThat(zones(code)).isZero();

        clock.advance(config.lease().plusSeconds(1));
        // another body under the key is still refused, even now
        Map<String, Object> other = zone(code);
        other.put("name", "another name");
        assertProblem(post(key, other).then(), 422, "idempotency-key-reused");

        // the retry takes the key over and creates, once; the next retry replays that answer
        int id = post(key, zone(code))
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", nullValue())
                .extract()
                .path("id");
        post(key, zone(code))
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(id));
        assertThat(zones(code)).isOne();
        assertThat(count(
                        "select count(*) from idempotency_record where account_id = ? and idem_key = ? "
                                + "and status = 201 and claim_token is null and lease_until is null",
                        admin.id,
                        key))
                .isOne();
    }

    @Test
    void aKeyLeftPendingBeforeLeasesIsNotStuckForADay() throws Exception {
        // the pre-fix shape (no token, no lease): the claim of a request that died five minutes ago. Before the fix
        // this key answered 409 idempotency-in-progress until its record expired (24 h or more).
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        exec(
                "insert into idempotency_record (account_id, idem_key, operation, request_hash, created_at) "
                        + "values (?, ?, 'region.create', ?, ?)",
                admin.id,
                key,
                hash(code),
                Timestamp.from(clock.instant().minus(Duration.ofMinutes(5))));

        int id = post(key, zone(code)).then().statusCode(201).extract().path("id");
        post(key, zone(code))
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(id));
        assertThat(zones(code)).isOne();
    }

    // ------------------------------------------------------------------ dying between the creation and its answer

    @Test
    void dyingBetweenTheCreationAndItsAnswerLeavesNothingCreated() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        crashWhenTheRecordIsTouched("old.idem_key = '" + key + "'");

        RunGuard.allowing(
                "the simulated crash between the creation and its answer",
                () -> post(key, zone(code)).then().statusCode(500));
        exec("drop trigger idempotency_crash on idempotency_record");

        // as after a kill: the key is claimed and unanswered, and the creation did not commit
        assertThat(zones(code)).isZero();
        assertThat(count(
                        "select count(*) from idempotency_record where account_id = ? and idem_key = ? "
                                + "and status is null and claim_token is not null and lease_until > now()",
                        admin.id,
                        key))
                .isOne();
        assertProblem(post(key, zone(code)).then(), 409, "idempotency-in-progress");

        clock.advance(config.lease().plusSeconds(1));
        int id = post(key, zone(code))
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", nullValue())
                .extract()
                .path("id");
        post(key, zone(code)).then().statusCode(201).body("id", equalTo(id));
        assertThat(zones(code)).isOne();
    }

    /**
     * The drill's case: a resident's report from uploads, anonymous (its record has no account and its answer is
     * encrypted). The report, its quota and the uploads it takes commit with its answer or not at all.
     */
    @Test
    void anAnonymousReportAndItsAnswerCommitTogether() throws Exception {
        Town town = new Town(fixtures, token);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        Account resident = fixtures.resident();
        String resToken = fixtures.tokenFor(resident.id);
        workers.drain();
        long photo = UploadSteps.uploadId(resToken, UploadSteps.compressed(1701));
        workers.drain();
        String description = "楼道堆放杂物 " + UUID.randomUUID();
        Map<String, Object> body = UploadSteps.body(List.of(photo), town.centre('A', 0, 0), town.fire.code);
        body.put("description", description);
        body.put("anonymous", true);
        String key = UUID.randomUUID().toString();
        crashWhenTheRecordIsTouched("old.account_id is null and old.operation = 'report.submit-uploads'");

        RunGuard.allowing(
                "the simulated crash between the report and its answer",
                () -> UploadSteps.submit(resToken, body, key).then().statusCode(500));
        exec("drop trigger idempotency_crash on idempotency_record");
        assertThat(count("select count(*) from report where description = ?", description))
                .isZero();
        assertThat(count("select count(*) from photo_upload where id = ? and report_id is null", photo))
                .isOne();
        assertThat(count("select coalesce(sum(used), 0) from report_quota where account_id = ?", resident.id))
                .isZero();
        assertProblem(UploadSteps.submit(resToken, body, key).then(), 409, "idempotency-in-progress");

        clock.advance(config.lease().plusSeconds(1));
        Response first = UploadSteps.submit(resToken, body, key);
        first.then().statusCode(201).header("Idempotent-Replay", nullValue());
        int id = first.path("id");
        String claimCode = first.path("claimCode");
        assertThat(claimCode).isNotBlank();
        UploadSteps.submit(resToken, body, key)
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(id))
                .body("claimCode", equalTo(claimCode));
        assertThat(count("select count(*) from report where description = ?", description))
                .isOne();
        assertThat(count("select coalesce(sum(used), 0) from report_quota where account_id = ?", resident.id))
                .isOne();
        // still unlinked: no account, no location, the answer encrypted
        assertThat(count(
                        "select count(*) from idempotency_record where account_id is null "
                                + "and operation = 'report.submit-uploads' and idem_key like 'h:%' "
                                + "and location is null and body like 'v1:%' and body not like ?",
                        "%" + claimCode + "%"))
                .isPositive();
    }

    // ------------------------------------------------------------------ concurrent requests with the same key

    @Test
    void aSecondRequestWhileTheFirstRunsIs409AndThenReplaysIt() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection lock = ds.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("lock table region in exclusive mode");
            }
            // the first request claims the key, then waits for the region table inside its creating transaction
            Future<Response> first = pool.submit(() -> post(key, zone(code)));
            awaitBlocked("%region%");

            assertProblem(post(key, zone(code)).then(), 409, "idempotency-in-progress")
                    .header("Retry-After", "1");

            lock.commit();
            Response answer = first.get(30, TimeUnit.SECONDS);
            answer.then().statusCode(201);
            int id = answer.path("id");
            post(key, zone(code))
                    .then()
                    .statusCode(201)
                    .header("Idempotent-Replay", "true")
                    .body("id", equalTo(id));
        } finally {
            pool.shutdownNow();
        }
        assertThat(zones(code)).isOne();
    }

    @Test
    void aRequestWhoseClaimWasTakenOverCannotRecordAndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection tableLock = ds.getConnection();
                Connection takeOver = ds.getConnection()) {
            tableLock.setAutoCommit(false);
            takeOver.setAutoCommit(false);
            try (Statement st = tableLock.createStatement()) {
                st.execute("lock table region in exclusive mode");
            }
            Future<Response> first = pool.submit(() -> post(key, zone(code)));
            awaitBlocked("%region%");
            // another instance takes the claim over (as after the lease): it holds the row until it has replaced the
            // token, so the first request creates its zone and then waits to record its answer
            try (PreparedStatement ps = takeOver.prepareStatement(
                    "select 1 from idempotency_record where account_id = ? and idem_key = ? for update")) {
                ps.setLong(1, admin.id);
                ps.setString(2, key);
                ps.executeQuery().close();
            }
            tableLock.commit();
            awaitBlocked("update idempotency_record%");
            try (PreparedStatement ps =
                    takeOver.prepareStatement("update idempotency_record set claim_token = gen_random_uuid(), "
                            + "lease_until = now() + interval '60 seconds' where account_id = ? and idem_key = ?")) {
                ps.setLong(1, admin.id);
                ps.setString(2, key);
                assertThat(ps.executeUpdate()).isOne();
            }
            takeOver.commit();

            // the first request finds its claim gone: it records nothing, and its zone is rolled back
            assertProblem(first.get(30, TimeUnit.SECONDS).then(), 409, "idempotency-in-progress");
            assertThat(zones(code)).isZero();
            assertThat(count(
                            "select count(*) from idempotency_record where account_id = ? and idem_key = ? "
                                    + "and status is null",
                            admin.id,
                            key))
                    .isOne();
        } finally {
            pool.shutdownNow();
        }
        // the instance that took it over died too: after its lease, a retry creates the zone once
        clock.advance(config.lease().plusSeconds(1));
        int id = post(key, zone(code)).then().statusCode(201).extract().path("id");
        post(key, zone(code)).then().statusCode(201).body("id", equalTo(id));
        assertThat(zones(code)).isOne();
    }

    // ------------------------------------------------------------------ helpers

    private Response post(String key, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/v1/admin/regions");
    }

    private Map<String, Object> zone(String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", "片区 " + code);
        m.put("level", "ZONE");
        m.put("parentId", township.id);
        return m;
    }

    private String hash(String code) {
        return idempotency.hash(
                "region.create",
                new RegionAdminResource.CreateRegion(code, "片区 " + code, Region.Level.ZONE, township.id));
    }

    private long zones(String code) throws Exception {
        return count("select count(*) from region where code = ?", code);
    }

    /**
     * Every update or delete of the matching records fails: the request dies after its creation and before its
     * answer, and cannot release the key either — what a SIGKILL at that point leaves.
     */
    private void crashWhenTheRecordIsTouched(String condition) throws Exception {
        exec("create or replace function idempotency_crash() returns trigger language plpgsql as "
                + "$$ begin raise exception 'simulated crash before the answer is recorded'; end $$");
        exec("create trigger idempotency_crash before update or delete on idempotency_record for each row when ("
                + condition + ") execute function idempotency_crash()");
    }

    /** Waits until a statement of this application matching the pattern waits for a lock. */
    private void awaitBlocked(String queryPattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(
                        "select count(*) from pg_stat_activity where datname = current_database() "
                                + "and wait_event_type = 'Lock' and query ilike ?",
                        queryPattern)
                == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no statement like " + queryPattern + " is waiting for a lock");
            }
            Thread.sleep(20);
        }
    }

    private void exec(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
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
}
