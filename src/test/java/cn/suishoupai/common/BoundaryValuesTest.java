package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.suishoupai.routing.RoutingService;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values are what they claim to be, or refused (issue 12), through the HTTP API: bounded instants,
 * dates and durations in JSON and in query parameters, strict JSON, strict query parameters and
 * paging, ASCII ids, plain-decimal coordinates. Every refusal is problem+json and changes nothing.
 */
@QuarkusTest
class BoundaryValuesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    @Inject
    RoutingService routing;

    static String admin;
    static String dispatcher;

    @BeforeEach
    void setUp() {
        if (admin == null) {
            admin = Fixtures.token(fixtures.admin());
            dispatcher = Fixtures.token(new Town(fixtures, admin).dispatcher());
        }
    }

    private long count(String table) throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The tables a refused request might have written to. */
    private Map<String, Long> snapshot() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        for (String t : List.of(
                "reward_rule",
                "ticket_extension",
                "ticket_event",
                "report",
                "photo",
                "audit_log",
                "deadline_policy",
                "account")) {
            m.put(t, count(t));
        }
        return m;
    }

    record Case(String name, String body, int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String RULE =
            "{\"categoryCode\":\"CAT\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":2000,\"validFrom\":\"2031-01-01\"";

    // ------------------------------------------------------------------ JSON: bounded dates, strict values

    static Stream<Arguments> ruleBodies() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                        new Case(
                                "date far in the future",
                                RULE.replace("2031-01-01", "+10000-01-01") + "}",
                                422,
                                "invalid-field",
                                "validFrom"),
                        new Case(
                                "date past the window",
                                RULE.replace("2031-01-01", "2101-01-01") + "}",
                                422,
                                "invalid-field",
                                "validFrom"),
                        new Case(
                                "end date at the edge of LocalDate",
                                RULE + ",\"validUntil\":\"+999999999-12-31\"}",
                                422,
                                "invalid-field",
                                "validUntil"),
                        new Case(
                                "date before the window",
                                RULE.replace("2031-01-01", "1999-12-31") + "}",
                                422,
                                "invalid-field",
                                "validFrom"),
                        new Case(
                                "date that does not exist",
                                RULE.replace("2031-01-01", "2031-02-30") + "}",
                                400,
                                "malformed-json",
                                "validFrom"),
                        new Case("duplicate key", RULE + ",\"fixedFen\":1}", 400, "malformed-json", null),
                        new Case(
                                "number as a string",
                                RULE.replace("2000", "\"2000\"") + "}",
                                400,
                                "malformed-json",
                                "fixedFen"),
                        new Case(
                                "fraction into fen",
                                RULE.replace("2000", "2000.5") + "}",
                                400,
                                "malformed-json",
                                "fixedFen"),
                        new Case(
                                "whole fraction into fen",
                                RULE.replace("2000", "2000.0") + "}",
                                400,
                                "malformed-json",
                                "fixedFen"),
                        new Case(
                                "boolean into fen",
                                RULE.replace("2000", "true") + "}",
                                400,
                                "malformed-json",
                                "fixedFen"),
                        new Case("number into a string", RULE + ",\"note\":12}", 400, "malformed-json", "note"),
                        new Case("boolean into a string", RULE + ",\"note\":false}", 400, "malformed-json", "note"),
                        new Case(
                                "number into an enum",
                                RULE.replace("\"GENERAL\"", "0") + "}",
                                400,
                                "malformed-json",
                                "severity"),
                        new Case(
                                "number too big for fen",
                                RULE.replace("2000", "99999999999999999999") + "}",
                                400,
                                "malformed-json",
                                "fixedFen"),
                        new Case(
                                "absurdly long number",
                                RULE.replace("2000", "9".repeat(5000)) + "}",
                                400,
                                "malformed-json",
                                null),
                        new Case("absurd nesting", RULE + ",\"x\":" + deep + "}", 400, "malformed-json", null),
                        new Case("trailing content", RULE + "} {}", 400, "malformed-json", null),
                        new Case("array instead of object", "[" + RULE + "}]", 400, "malformed-json", null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleBodies")
    void jsonValuesAreStrictAndBounded(Case c) throws Exception {
        Map<String, Long> before = snapshot();
        ValidatableResponse r = assertProblem(
                given().auth()
                        .oauth2(admin)
                        .contentType(ContentType.JSON)
                        .body(c.body().replace("CAT", fixtures.category("bv", false).code))
                        .post("/api/v1/admin/reward-rules")
                        .then(),
                c.status(),
                c.code());
        if (c.field() != null) {
            r.body("errors.field", hasItem(c.field()));
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void nullForAPrimitiveIsRefused() throws Exception {
        Map<String, Long> before = snapshot();
        String span = "{\"amount\":%s,\"unit\":\"WORKING_HOURS\"}";
        assertProblem(
                        given().auth()
                                .oauth2(admin)
                                .contentType(ContentType.JSON)
                                .body("{\"severity\":\"GENERAL\",\"sign\":" + span.formatted("null") + ",\"rectify\":"
                                        + span.formatted("8") + ",\"recheck\":" + span.formatted("8") + "}")
                                .post("/api/v1/admin/deadline-policies")
                                .then(),
                        400,
                        "malformed-json")
                .body("errors.field", hasItem("sign.amount"));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aFarFutureExtensionIsRefusedAndChangesNothing() throws Exception {
        Town town = new Town(fixtures, admin);
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        Ticket t = tickets.dispatched(town, town.department.id);
        given().auth()
                .oauth2(unit)
                .post("/api/v1/tickets/" + t.id + "/actions/sign")
                .then()
                .statusCode(200);
        Map<String, Long> before = snapshot();
        for (String due : List.of(
                "+292278994-08-17T07:12:55.807Z",
                "+275760-09-13T00:00:00+08:00",
                "2101-01-01T00:00:00+08:00",
                "1970-01-01T00:00:00Z",
                "99999999999999")) {
            String value = due.startsWith("9") ? due : "\"" + due + "\"";
            assertProblem(
                            given().auth()
                                    .oauth2(unit)
                                    .contentType(ContentType.JSON)
                                    .body("{\"newDueAt\":" + value + ",\"reason\":\"等待配件\"}")
                                    .post("/api/v1/tickets/" + t.id + "/actions/request-extension")
                                    .then(),
                            422,
                            "invalid-field")
                    .body("errors.field", hasItem("newDueAt"));
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ query and path parameters

    record Param(String name, String path, int status, String code, String parameter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> params() {
        return Stream.of(
                        new Param(
                                "unparseable date",
                                "/api/v1/admin/reward-rules?on=2026-13-01",
                                400,
                                "invalid-parameter",
                                "on"),
                        new Param(
                                "date out of window",
                                "/api/v1/admin/reward-rules?on=%2B10000-01-01",
                                422,
                                "invalid-field",
                                "on"),
                        new Param(
                                "date-time out of window",
                                "/api/v1/tickets/on-time-rates?from=2026-01-01T00:00:00%2B08:00&to=%2B275760-01-01T00:00:00Z",
                                422,
                                "invalid-field",
                                "to"),
                        new Param(
                                "unparseable date-time",
                                "/api/v1/tickets/on-time-rates?from=yesterday&to=2026-01-01T00:00:00Z",
                                400,
                                "invalid-parameter",
                                "from"),
                        new Param(
                                "duration too long",
                                "/api/v1/tickets?dueWithin=PT99999999999H",
                                422,
                                "invalid-field",
                                "dueWithin"),
                        new Param(
                                "unparseable duration",
                                "/api/v1/tickets?dueWithin=tomorrow",
                                400,
                                "invalid-parameter",
                                "dueWithin"),
                        new Param(
                                "boolean that is not one",
                                "/api/v1/admin/routing-rules?includeInactive=yes",
                                400,
                                "invalid-parameter",
                                "includeInactive"),
                        new Param(
                                "boxed boolean that is not one",
                                "/api/v1/admin/accounts?enabled=1",
                                400,
                                "invalid-parameter",
                                "enabled"),
                        new Param("unknown enum", "/api/v1/tickets?state=OPENED", 400, "invalid-parameter", "state"),
                        new Param(
                                "enum in lower case",
                                "/api/v1/tickets?severity=general",
                                400,
                                "invalid-parameter",
                                "severity"),
                        new Param("negative page", "/api/v1/tickets?page=-1", 400, "invalid-parameter", "page"),
                        new Param(
                                "page past the bound",
                                "/api/v1/tickets?page=1000001",
                                400,
                                "invalid-parameter",
                                "page"),
                        new Param(
                                "page past int", "/api/v1/tickets?page=99999999999", 400, "invalid-parameter", "page"),
                        new Param("size zero", "/api/v1/admin/accounts?size=0", 400, "invalid-parameter", "size"),
                        new Param(
                                "size past the bound",
                                "/api/v1/admin/accounts?size=201",
                                400,
                                "invalid-parameter",
                                "size"),
                        new Param(
                                "size not a number",
                                "/api/v1/admin/accounts?size=ten",
                                400,
                                "invalid-parameter",
                                "size"),
                        new Param(
                                "full-width digits in an id",
                                "/api/v1/admin/reward-rules/%EF%BC%91%EF%BC%92",
                                400,
                                "invalid-parameter",
                                "id"),
                        new Param(
                                "Arabic-Indic digits in an id",
                                "/api/v1/admin/reward-rules/%D9%A3",
                                400,
                                "invalid-parameter",
                                "id"),
                        new Param(
                                "plus sign in an id",
                                "/api/v1/admin/reward-rules/%2B12",
                                400,
                                "invalid-parameter",
                                "id"),
                        new Param("negative id", "/api/v1/admin/reward-rules/-3", 400, "invalid-parameter", "id"),
                        new Param(
                                "19-digit id",
                                "/api/v1/admin/reward-rules/1234567890123456789",
                                400,
                                "invalid-parameter",
                                "id"),
                        new Param(
                                "full-width id in a query",
                                "/api/v1/tickets?regionId=%EF%BC%91",
                                400,
                                "invalid-parameter",
                                "regionId"),
                        new Param(
                                "year with full-width digits",
                                "/api/v1/admin/calendar/%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96",
                                400,
                                "invalid-parameter",
                                "year"),
                        new Param(
                                "Java double suffix",
                                "/api/v1/routing/preview?lat=28.36d&lng=112.9&crs=WGS84",
                                400,
                                "invalid-parameter",
                                "lat"),
                        new Param(
                                "hexadecimal float",
                                "/api/v1/routing/preview?lat=0x1.c5cp4&lng=112.9&crs=WGS84",
                                400,
                                "invalid-parameter",
                                "lat"),
                        new Param(
                                "NaN",
                                "/api/v1/routing/preview?lat=28.3&lng=NaN&crs=WGS84",
                                400,
                                "invalid-parameter",
                                "lng"),
                        new Param(
                                "Infinity",
                                "/api/v1/routing/preview?lat=Infinity&lng=112.9&crs=WGS84",
                                400,
                                "invalid-parameter",
                                "lat"),
                        new Param(
                                "exponent",
                                "/api/v1/routing/preview?lat=2.8e1&lng=112.9&crs=WGS84",
                                400,
                                "invalid-parameter",
                                "lat"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void parametersAreStrict(Param p) throws Exception {
        Map<String, Long> before = snapshot();
        ValidatableResponse r = assertProblem(
                given().auth()
                        .oauth2(p.path().startsWith("/api/v1/tickets") ? dispatcher : admin)
                        .urlEncodingEnabled(false)
                        .get(p.path())
                        .then(),
                p.status(),
                p.code());
        if (p.status() == 400) {
            r.body("parameter", equalTo(p.parameter()));
        }
        r.body("errors.field", hasItem(p.parameter()));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void plainValuesStillWork() {
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/reward-rules?on=2026-05-01")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/accounts?enabled=true&page=1000000&size=100")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/routing-rules?includeInactive=TRUE")
                .then()
                .statusCode(200);
        given().auth().oauth2(admin).get("/api/v1/admin/reward-rules/0").then().statusCode(404);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/routing/preview?lat=-28.123456&lng=112&crs=WGS84")
                .then()
                .statusCode(200);
    }

    // ------------------------------------------------------------------ coordinates in the report form

    static Stream<Arguments> coordinates() {
        return Stream.of("28.36d", "0x1.c5cp4", "NaN", "-Infinity", "2.8e1", "+28.3", "２８.３", "28.", ".5", "1234.5")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "lat {0}")
    @MethodSource("coordinates")
    void reportCoordinatesArePlainDecimals(String lat) throws Exception {
        Town town = new Town(fixtures, admin);
        String resident = fixtures.tokenFor(fixtures.resident().id);
        double[] at = town.centre('A', 0, 0);
        Map<String, String> fields = new HashMap<>(Reports.fields(at, town.fire.code));
        fields.put("lat", lat);
        Map<String, Long> before = snapshot();
        List<Reports.Part> parts = new ArrayList<>(List.of(Reports.jpeg(
                "p.jpg", Reports.photo(at[0], at[1], clock.instant().minus(Duration.ofHours(1)), 7))));
        assertProblem(Reports.submit(resident, fields, parts).then(), 400, "validation-failed")
                .body("errors.field", hasItem("lat"));
        assertThat(snapshot()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ the database refuses overlapping rules

    @Test
    void overlappingRulesAreImpossibleInTheDatabase() throws Exception {
        long category = fixtures.category("excl", false).id;
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            String insert =
                    "insert into reward_rule (category_id, severity, kind, fixed_fen, channel, valid_from, valid_until, "
                            + "created_at, updated_at) values (" + category
                            + ", 'MAJOR', 'FIXED', 100, 'WECHAT', '%s', %s, now(), now())";
            s.executeUpdate(insert.formatted("2040-01-01", "'2040-06-30'"));
            s.executeUpdate(insert.formatted("2040-07-01", "null"));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> s.executeUpdate(insert.formatted("2040-06-30", "'2040-06-30'")))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23P01"));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> s.executeUpdate(insert.formatted("2090-01-01", "null")))
                    .isInstanceOf(SQLException.class);
            // any-category rules overlap among themselves, not with a category's own
            String any =
                    "insert into reward_rule (category_id, severity, kind, fixed_fen, channel, valid_from, valid_until, "
                            + "created_at, updated_at) values (null, 'MAJOR', 'FIXED', 100, 'WECHAT', '%s', null, now(), now())";
            s.executeUpdate(any.formatted("2099-01-01"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate(any.formatted("2099-05-01")))
                    .isInstanceOf(SQLException.class);
            s.executeUpdate(
                    "delete from reward_rule where valid_from >= '2040-01-01' and severity = 'MAJOR' and channel = 'WECHAT'");
        }
    }
}
