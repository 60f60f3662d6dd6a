package cn.suishoupai.report;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.suishoupai.common.Hashes;
import cn.suishoupai.identity.Account;
import cn.suishoupai.routing.Routing;
import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anonymous means anonymous (issue 11): nothing stored links an anonymous report to its account,
 * claim codes are stored as keyed one-way hashes and guessing them is rate-limited, and phone and
 * ID-card numbers in free text are masked in staff views.
 */
@QuarkusTest
class AnonymityTest {

    /** A description with a mobile (dashes), a landline and an 18-character ID-card number. */
    static final String PII = "楼道堵塞，联系我 138-0013-8000 或 0731-84567890，身份证 11010119900307457X";

    static final String PII_MASKED = "楼道堵塞，联系我 138****8000 或 0731-****7890，身份证 110101********457X";

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingService routing;

    @Inject
    AgroalDataSource ds;

    @Inject
    ClaimCodeAccess claimCodes;

    @Inject
    ClaimCodeRekey rekey;

    /** One capture time for every photo, so a retry sends the very same bytes. */
    static final Instant TAKEN = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    Town town;
    Account resident;
    String token;
    String dispatcher;
    String unit;

    @BeforeEach
    void setUp() {
        String admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        town.rule(null, town.township.id, town.department.id, Set.of());
        Routing.refreshNow(routing);
        resident = fixtures.resident();
        token = fixtures.tokenFor(resident.id);
        dispatcher = Fixtures.token(town.dispatcher());
        unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
    }

    private Response submit(
            String who,
            double[] at,
            String category,
            long seed,
            boolean anonymous,
            String description,
            String idempotencyKey) {
        Map<String, String> f = Reports.fields(at, category);
        if (anonymous) {
            f.put("anonymous", "true");
        }
        if (description != null) {
            f.put("description", description);
        }
        // WeChat's temporary file names embed the app id and the user's openid
        var r = Reports.request(
                who,
                f,
                List.of(Reports.jpeg(
                        "wx5e8ab2c1d0f3e4a7.o6zAJs263NzYiDLEYqmBE8xJbmMY.jpg",
                        Reports.photo(at[0], at[1], TAKEN, seed))));
        if (idempotencyKey != null) {
            r = r.header("Idempotency-Key", idempotencyKey);
        }
        return r.post("/api/v1/reports");
    }

    @Test
    void anAnonymousSubmissionStoresNothingThatLinksTheAccountToTheReport() throws Exception {
        String key = UUID.randomUUID().toString();
        Response first = submit(token, town.centre('A', 0, 0), town.fire.code, 4101, true, null, key);
        first.then().statusCode(201);
        long id = ((Number) first.path("id")).longValue();
        String code = first.path("claimCode");

        // Every column that references an account: only the daily counter (account and day, no report) holds ours.
        List<String[]> refs = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                select cl.relname, a.attname from pg_constraint k
                join pg_class cl on cl.oid = k.conrelid
                join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
                where k.contype = 'f' and k.confrelid = 'account'::regclass
                union
                select table_name, column_name from information_schema.columns
                where table_schema = 'public' and data_type = 'bigint'
                  and (column_name like '%account_id' or column_name like '%actor_id' or column_name like '%reporter_id')""")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) refs.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        assertThat(refs).extracting(r -> r[0]).contains("report", "idempotency_record", "report_quota", "audit_log");
        List<String> holding = new ArrayList<>();
        for (String[] r : refs) {
            if (count("select count(*) from " + r[0] + " where " + r[1] + " = ?", resident.id) > 0) {
                holding.add(r[0] + "." + r[1]);
            }
        }
        // the account's own rows (roles, sessions) say nothing about reports
        holding.removeAll(List.of("account_role.account_id", "refresh_token.account_id"));
        assertThat(holding).containsExactly("report_quota.account_id");
        assertThat(count("select count(*) from information_schema.columns where table_name = 'report_quota' "
                        + "and column_name like '%report%'"))
                .isZero();

        // No text anywhere holds the claim code, the client's key or the report's address (/api/v1/reports/{id}).
        String compact = code.replace("-", "");
        List<String[]> textColumns = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                select table_name, column_name from information_schema.columns
                where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb')
                  and table_name not like 'flyway%'""")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) textColumns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] t : textColumns) {
            assertThat(count(
                            "select count(*) from " + t[0] + " where " + t[1] + "::text like ? or " + t[1]
                                    + "::text like ? or " + t[1] + "::text like ?",
                            "%" + code + "%",
                            "%" + compact + "%",
                            "%" + key + "%"))
                    .as("%s.%s holds the claim code or the idempotency key", t[0], t[1])
                    .isZero();
        }
        // (report submissions only: other tests' records of other operations may hold the same number as another id)
        assertThat(count(
                        "select count(*) from idempotency_record where operation = 'report.submit' and (location like ? or body ~ ?)",
                        "%/reports/" + id,
                        "\"id\":" + id + "[,}]"))
                .isZero();
        // the stored hash is keyed: not the plain SHA-256 anyone can recompute from a guessed code
        assertThat(count(
                        "select count(*) from report where id = ? and claim_code_hash = ?",
                        id,
                        Hashes.sha256("claim:" + ClaimCodes.normalise(code))))
                .isZero();
        // nor does the photo keep the client's file name
        assertThat(count("select count(*) from photo where report_id = ? and file_name is not null", id))
                .isZero();
        // the audit entry names neither the account nor its address
        assertThat(count(
                        "select count(*) from audit_log where target_type = 'report' and target_id = ? "
                                + "and (actor_id is not null or client_ip is not null or actor_name is not null)",
                        String.valueOf(id)))
                .isZero();

        // The retrying client still gets its claim code back, and only that client.
        Response replay = submit(token, town.centre('A', 0, 0), town.fire.code, 4101, true, null, key);
        replay.then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .header("Location", containsString("/api/v1/reports/" + id))
                .body("id", equalTo((int) id))
                .body("claimCode", equalTo(code));
        Account other = fixtures.resident();
        Response someoneElse =
                submit(fixtures.tokenFor(other.id), town.centre('A', 0, 0), town.fire.code, 4101, true, null, key);
        someoneElse.then().statusCode(201).header("Idempotent-Replay", org.hamcrest.Matchers.nullValue());
        assertThat(((Number) someoneElse.path("id")).longValue()).isNotEqualTo(id);
        // the same key with another body is still refused
        assertProblem(
                submit(token, town.centre('A', 0, 0), town.fire.code, 4102, true, null, key)
                        .then(),
                422,
                "idempotency-key-reused");
        // and the code reaches the report
        given().auth()
                .oauth2(token)
                .header("X-Claim-Code", code)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200);
        // 16 characters of base32: 80 bits
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
    }

    @Test
    void claimCodeGuessesAreRateLimitedPerAccount() {
        Response anon = submit(token, town.centre('B', 0, 1), town.reviewed.code, 4201, true, null, null);
        long id = ((Number) anon.path("id")).longValue();
        String code = anon.path("claimCode");
        String guesser = fixtures.tokenFor(fixtures.resident().id);
        // test profile: 5 failed attempts per account per window; reads with X-Claim-Code and claims count alike
        for (int i = 0; i < 3; i++) {
            assertProblem(claim(guesser, "ZZZZ-ZZZZ-ZZZZ-ZZZ" + i).then(), 404, "claim-code-unknown");
        }
        for (int i = 0; i < 2; i++) {
            assertProblem(
                    given().auth()
                            .oauth2(guesser)
                            .header("X-Claim-Code", "YYYY-YYYY-YYYY-YYY" + i)
                            .get("/api/v1/reports/" + id)
                            .then(),
                    404,
                    "report-not-found");
        }
        var limited = assertProblem(claim(guesser, code).then(), 429, "claim-rate-limited");
        assertThat(Long.parseLong(limited.extract().header("Retry-After"))).isPositive();
        assertProblem(
                        given().auth()
                                .oauth2(guesser)
                                .header("X-Claim-Code", code)
                                .get("/api/v1/reports/" + id)
                                .then(),
                        429,
                        "claim-rate-limited")
                .header("Retry-After", notNullValue());
        // English too
        given().auth()
                .oauth2(guesser)
                .header("Accept-Language", "en")
                .header("X-Claim-Code", code)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(429)
                .body("detail", containsString("attempts"));
        // nothing was claimed by the limited account; the holder still can, and correct codes do not count
        for (int i = 0; i < 7; i++) {
            given().auth()
                    .oauth2(token)
                    .header("X-Claim-Code", code)
                    .get("/api/v1/reports/" + id)
                    .then()
                    .statusCode(200);
        }
        claim(token, code).then().statusCode(200).body("reportId", equalTo((int) id));
    }

    @Test
    void oneCodeIsRateLimitedWhateverTheAccount() {
        String code = "WWWW-WWWW-WWWW-" + (1000 + (int) (Math.random() * 8999));
        // test profile: 10 attempts per code per window, from any accounts
        for (int i = 0; i < 10; i++) {
            assertProblem(claim(fixtures.tokenFor(fixtures.resident().id), code).then(), 404, "claim-code-unknown");
        }
        assertProblem(claim(fixtures.tokenFor(fixtures.resident().id), code).then(), 429, "claim-rate-limited")
                .header("Retry-After", notNullValue());
        // the limiter stores no code, only a keyed hash of it
        try {
            assertThat(count("select count(*) from rate_budget where scope = 'claim' and key like ?", "%" + code + "%"))
                    .isZero();
            assertThat(count("select count(*) from rate_budget where scope = 'claim' and key like 'code:%'"))
                    .isPositive();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void claimCodesStoredBeforeV10AreReKeyedAndStillWork() throws Exception {
        Response anon = submit(token, town.centre('B', 0, 0), town.reviewed.code, 4401, true, null, null);
        long id = ((Number) anon.path("id")).longValue();
        String code = anon.path("claimCode");
        String keyedHash = claimCodes.stored(code);
        assertThat(count(
                        "select count(*) from report where id = ? and claim_code_hash = ? and claim_code_keyed",
                        id,
                        keyedHash))
                .isEqualTo(1);
        // as V10 finds a code issued before it: the bare digest, marked not keyed
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update report set claim_code_hash = ?, claim_code_keyed = false where id = ?")) {
            ps.setString(1, ClaimCodes.digest(code));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        assertThat(rekey.rekey()).isPositive();
        assertThat(count(
                        "select count(*) from report where id = ? and claim_code_hash = ? and claim_code_keyed",
                        id,
                        keyedHash))
                .isEqualTo(1);
        assertThat(rekey.rekey()).isZero(); // never twice
        given().auth()
                .oauth2(token)
                .header("X-Claim-Code", code)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200);
    }

    private static Response claim(String who, String code) {
        return given().auth()
                .oauth2(who)
                .contentType(ContentType.JSON)
                .body(Map.of("claimCode", code))
                .post("/api/v1/rewards/claims");
    }

    @Test
    void phoneAndIdNumbersAreMaskedInStaffViewsButNotForTheReporterOrTheAuditedRead() {
        long id = ((Number) submit(token, town.centre('B', 1, 1), town.reviewed.code, 4301, false, PII, null)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        // the review queue and the report in it
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports")
                .then()
                .statusCode(200)
                .body("items.find { it.id == " + id + " }.description", equalTo(PII_MASKED));
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + id)
                .then()
                .statusCode(200)
                .body("report.description", equalTo(PII_MASKED));
        // the audited reporter read shows what was typed
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + id + "/reporter")
                .then()
                .statusCode(200)
                .body("description", equalTo(PII));
        // the resident's own view too
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("description", equalTo(PII));
        given().auth()
                .oauth2(token)
                .get("/api/v1/reports/mine")
                .then()
                .statusCode(200)
                .body("items.find { it.id == " + id + " }.description", equalTo(PII));

        // accepted with a note that has a number in it: the ticket's text, its reports and its timeline are masked
        long ticketId = ((Number) given().auth()
                        .oauth2(dispatcher)
                        .contentType(ContentType.JSON)
                        .body("{\"category\":\"" + town.reviewed.code + "\",\"note\":\"请联系报告人 13912345678\"}")
                        .post("/api/v1/dispatch/reports/" + id + "/actions/accept")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("ticketId"))
                .longValue();
        for (String staff : List.of(unit, dispatcher)) {
            given().auth()
                    .oauth2(staff)
                    .get("/api/v1/tickets/" + ticketId)
                    .then()
                    .statusCode(200)
                    .body("description", equalTo(PII_MASKED))
                    .body("reports[0].description", equalTo(PII_MASKED))
                    .body("timeline[0].note", equalTo("请联系报告人 139****5678"))
                    .body("timeline.note", everyItem(not(containsString("13912345678"))));
        }
        // stored as typed: masking is a view, not a loss
        try {
            assertThat(count("select count(*) from ticket where id = ? and description = ?", ticketId, PII))
                    .isEqualTo(1);
        } catch (Exception e) {
            throw new AssertionError(e);
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
