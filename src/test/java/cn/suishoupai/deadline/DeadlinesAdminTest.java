package cn.suishoupai.deadline;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.audit.AuditEntry;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The calendar and the policies through the HTTP API, and Deadlines reading them. Writes go to
 * far-future years and fresh categories only: the shipped 2026 calendar and the any-category
 * policies stay as the migration left them for every other test.
 */
@QuarkusTest
class DeadlinesAdminTest {

    private static final String CALENDAR = "/api/v1/admin/calendar/";
    private static final String POLICIES = "/api/v1/admin/deadline-policies";

    @Inject
    Fixtures fixtures;

    @Inject
    Deadlines deadlines;

    String admin;
    String regionalAdmin;
    String dispatcher;

    @BeforeEach
    void setUp() {
        Region township = fixtures.township();
        admin = Fixtures.token(fixtures.admin());
        regionalAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(township.id)));
        dispatcher = Fixtures.token(fixtures.staff(Set.of("dispatcher"), null, Set.of(township.id)));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static Instant sh(String local) {
        return WorkCalendarTest.sh(local);
    }

    private static Map<String, Object> span(int amount, String unit) {
        return Map.of("amount", amount, "unit", unit);
    }

    private static long audits(String targetType, String targetId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> AuditEntry.count("targetType = ?1 and targetId = ?2", targetType, targetId));
    }

    @Test
    void theShippedCalendarIsTheOfficial2026Schedule() {
        as(admin)
                .get(CALENDAR + 2026)
                .then()
                .statusCode(200)
                .body("configured", equalTo(true))
                .body("periods", equalTo(List.of("08:30-12:00", "14:00-17:30")))
                .body("days", hasSize(39))
                .body("days.find { it.date == '2026-10-10' }.kind", equalTo("WORKDAY"))
                .body("days.find { it.date == '2026-10-01' }.name", equalTo("国庆节"));
        WorkCalendar loaded = deadlines.calendar();
        WorkCalendar expected = Official2026.calendar();
        LocalDate.parse("2026-01-01")
                .datesUntil(LocalDate.parse("2027-01-01"))
                .forEach(
                        d -> assertThat(loaded.isWorkingDay(d)).as(d.toString()).isEqualTo(expected.isWorkingDay(d)));
        assertThat(deadlines.add(sh("2026-09-28T10:00"), new Span(5, Span.Unit.WORKING_DAYS)))
                .isEqualTo(sh("2026-10-10T10:00"));
        assertThat(deadlines.minusWorking(sh("2026-10-08T09:30"), Duration.ofHours(2), sh("2026-09-01T00:00")))
                .isEqualTo(sh("2026-09-30T16:30"));
        // a year without data: provisional, weekends and the statutory holidays with the default periods
        as(admin)
                .get(CALENDAR + 2091)
                .then()
                .statusCode(200)
                .body("configured", equalTo(false))
                .body("provisional", equalTo(true))
                .body("days.find { it.date == '2091-10-01' }.name", equalTo("国庆节"))
                .body("periods", equalTo(List.of("08:30-12:00", "14:00-17:30")));
    }

    @Test
    void aCalendarReplacedThroughTheApiChangesDeadlines() {
        Instant friday = sh("2093-03-06T16:30");
        // no data for 2093 yet: provisional (no statutory holiday near March), 08:30–12:00 and 14:00–17:30
        assertThat(deadlines.add(friday, new Span(2, Span.Unit.WORKING_HOURS))).isEqualTo(sh("2093-03-09T09:30"));
        as(admin)
                .body(Map.of(
                        "periods",
                        List.of("09:00-17:00"),
                        "days",
                        List.of(
                                Map.of("date", "2093-03-07", "kind", "WORKDAY", "name", "调休上班"),
                                Map.of("date", "2093-03-09", "kind", "HOLIDAY", "name", "测试假日"))))
                .put(CALENDAR + 2093)
                .then()
                .statusCode(200)
                .body("configured", equalTo(true))
                .body("periods", equalTo(List.of("09:00-17:00")))
                .body("days.date", equalTo(List.of("2093-03-07", "2093-03-09")));
        // 16:30-17:00 on Friday, then Saturday 7 March works from 09:00
        assertThat(deadlines.add(friday, new Span(2, Span.Unit.WORKING_HOURS))).isEqualTo(sh("2093-03-07T10:30"));
        // Saturday works, Sunday off, Monday 9 March is a holiday: two working days from Friday end on Tuesday
        assertThat(deadlines.add(sh("2093-03-06T10:00"), new Span(2, Span.Unit.WORKING_DAYS)))
                .isEqualTo(sh("2093-03-10T10:00"));
        as(dispatcher)
                .queryParam("from", "2093-03-06T16:30:00+08:00")
                .queryParam("amount", 2)
                .queryParam("unit", "WORKING_HOURS")
                .get("/api/v1/deadlines/preview")
                .then()
                .statusCode(200)
                .body("due", equalTo("2093-03-07T10:30:00+08:00"))
                .body("workingMinutes", equalTo(120));

        // replacing again drops what the new version does not list
        as(admin)
                .body(Map.of("periods", List.of("08:00-12:00", "13:00-17:00"), "days", List.of()))
                .put(CALENDAR + 2093)
                .then()
                .statusCode(200)
                .body("days", hasSize(0));
        assertThat(deadlines.add(friday, new Span(2, Span.Unit.WORKING_HOURS))).isEqualTo(sh("2093-03-09T09:30"));
        assertThat(audits("calendar", "2093")).isEqualTo(2);
    }

    @Test
    void invalidCalendarsAre422AndChangeNothing() {
        as(admin)
                .body(Map.of(
                        "periods",
                        List.of("08:30-12:00"),
                        "days",
                        List.of(Map.of("date", "2094-01-01", "kind", "HOLIDAY", "name", "元旦"))))
                .put(CALENDAR + 2094)
                .then()
                .statusCode(200);
        // the rules that need several values (the service): all of them in one answer
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "periods",
                                        List.of("08:30-12:00", "11:00-13:00"),
                                        "days",
                                        List.of(
                                                Map.of("date", "2095-01-01", "kind", "HOLIDAY", "name", "元旦"),
                                                Map.of("date", "2094-05-01", "kind", "HOLIDAY", "name", "劳动节"),
                                                Map.of("date", "2094-05-01", "kind", "HOLIDAY", "name", "劳动节"),
                                                Map.of("date", "2094-05-04", "kind", "WORKDAY", "name", "周二不需调休"))))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", containsInAnyOrder("periods", "days[0].date", "days[2].date", "days[3].kind"));
        // the shape (Bean Validation on CalendarBody and Day) is answered first, on its own: the date
        // outside the year is a rule the service never reaches here
        Map<String, Object> noDate = new java.util.HashMap<>(Map.of("kind", "HOLIDAY", "name", "无日期"));
        assertProblem(
                        as(admin)
                                .header("Accept-Language", "en")
                                .body(Map.of(
                                        "periods",
                                        List.of("08:30-12:00"),
                                        "days",
                                        List.of(
                                                Map.of("date", "2095-01-01", "kind", "HOLIDAY", "name", "元旦"),
                                                noDate,
                                                Map.of("date", "2094-05-08", "kind", "WORKDAY", "name", " "),
                                                Map.of(
                                                        "date",
                                                        "2094-05-09",
                                                        "kind",
                                                        "HOLIDAY",
                                                        "name",
                                                        "名".repeat(65)))))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("days[1].date", "days[2].name", "days[3].name")))
                .body("errors[0].message", equalTo("required"))
                .body("errors[1].message", equalTo("a name is required, at most 64 characters"));
        java.util.List<Object> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertProblem(
                        as(admin)
                                .body(Map.of("periods", List.of("08:30-12:00"), "days", withNull))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("days[0]")));
        assertProblem(
                        as(admin)
                                .body(Map.of("periods", java.util.Collections.nCopies(9, "08:30-09:00")))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("periods")));
        assertProblem(
                        as(admin)
                                .header("Accept-Language", "en")
                                .body(Map.of("periods", List.of("8:30-12:00")))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("periods[0]"))
                .body(
                        "errors[0].message",
                        equalTo(
                                "a working period is HH:mm-HH:mm (e.g. 08:30-12:00), start before end, no later than 24:00"));
        assertProblem(
                        as(admin)
                                .body(Map.of("periods", List.of()))
                                .put(CALENDAR + 2094)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("periods"));
        assertProblem(
                        as(admin)
                                .body(Map.of("periods", List.of("08:30-12:00")))
                                .put(CALENDAR + 1999)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("year"));
        assertProblem(
                as(admin)
                        .body(Map.of(
                                "periods",
                                List.of("08:30-12:00"),
                                "days",
                                List.of(Map.of("date", "2094-05-01", "kind", "VACATION", "name", "x"))))
                        .put(CALENDAR + 2094)
                        .then(),
                400,
                "malformed-json");
        as(admin)
                .get(CALENDAR + 2094)
                .then()
                .statusCode(200)
                .body("periods", equalTo(List.of("08:30-12:00")))
                .body("days.date", equalTo(List.of("2094-01-01")));
        assertThat(audits("calendar", "2094")).isEqualTo(1);
    }

    @Test
    void onlyServiceWideAdminsChangeTheCalendar() {
        Map<String, Object> body = Map.of("periods", List.of("08:30-12:00"), "days", List.of());
        assertProblem(as(dispatcher).body(body).put(CALENDAR + 2096).then(), 403, "forbidden");
        assertProblem(as(dispatcher).get(CALENDAR + 2026).then(), 403, "forbidden");
        assertProblem(as(regionalAdmin).body(body).put(CALENDAR + 2096).then(), 403, "out-of-scope");
        assertProblem(given().get(CALENDAR + 2026).then(), 401, "unauthenticated");
        as(regionalAdmin).get(CALENDAR + 2096).then().statusCode(200).body("configured", equalTo(false));
        assertThat(audits("calendar", "2096")).isZero();
    }

    @Test
    void planForPicksTheMostSpecificActivePolicyAndEditsApplyToLaterPlansOnly() {
        HazardCategory cat = fixtures.category("DL", true);
        // nothing for the category: the shipped any-category policies
        DeadlinePlan general = deadlines.planFor(cat.id, Severity.GENERAL);
        assertThat(general.policyId()).isNotNull();
        assertThat(List.of(general.sign(), general.rectify(), general.recheck()))
                .containsExactly(
                        new Span(2, Span.Unit.WORKING_HOURS),
                        new Span(5, Span.Unit.WORKING_DAYS),
                        new Span(2, Span.Unit.WORKING_DAYS));
        DeadlinePlan major = deadlines.planFor(cat.id, Severity.MAJOR);
        assertThat(major.rectify()).isEqualTo(new Span(30, Span.Unit.CALENDAR_DAYS));

        Map<String, Object> body = Map.of(
                "categoryCode",
                cat.code,
                "severity",
                "GENERAL",
                "sign",
                span(1, "WORKING_HOURS"),
                "rectify",
                span(0, "WORKING_DAYS"),
                "recheck",
                span(1, "WORKING_DAYS"));
        int id = as(admin)
                .header("Idempotency-Key", "dl-" + cat.code)
                .body(body)
                .post(POLICIES)
                .then()
                .statusCode(201)
                .body("categoryCode", equalTo(cat.code))
                .body("rectify.amount", equalTo(0))
                .body("version", equalTo(0))
                .extract()
                .path("id");
        as(admin)
                .header("Idempotency-Key", "dl-" + cat.code)
                .body(body)
                .post(POLICIES)
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(id));
        assertProblem(as(admin).body(body).post(POLICIES).then(), 409, "deadline-policy-tie")
                .body("conflictingPolicyId", equalTo(id));

        DeadlinePlan specific = deadlines.planFor(cat.id, Severity.GENERAL);
        assertThat(specific)
                .isEqualTo(new DeadlinePlan(
                        (long) id,
                        new Span(1, Span.Unit.WORKING_HOURS),
                        new Span(0, Span.Unit.WORKING_DAYS),
                        new Span(1, Span.Unit.WORKING_DAYS)));
        assertThat(deadlines.planFor(cat.id, Severity.MAJOR)).isEqualTo(major);
        assertThat(deadlines.planFor(fixtures.category("DL", true).id, Severity.GENERAL))
                .isEqualTo(general);

        Map<String, Object> edit = Map.of(
                "sign",
                span(4, "WORKING_HOURS"),
                "rectify",
                span(3, "WORKING_DAYS"),
                "recheck",
                span(1, "WORKING_DAYS"),
                "version",
                0);
        as(admin)
                .body(edit)
                .put(POLICIES + "/" + id)
                .then()
                .statusCode(200)
                .body("sign.amount", equalTo(4))
                .body("version", equalTo(1));
        assertProblem(as(admin).body(edit).put(POLICIES + "/" + id).then(), 409, "stale-version");
        // a plan handed out before the edit is a value: it does not change; new plans see the edit
        assertThat(specific.sign()).isEqualTo(new Span(1, Span.Unit.WORKING_HOURS));
        assertThat(deadlines.planFor(cat.id, Severity.GENERAL).sign()).isEqualTo(new Span(4, Span.Unit.WORKING_HOURS));

        as(admin)
                .post(POLICIES + "/" + id + "/actions/retire")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        assertThat(deadlines.planFor(cat.id, Severity.GENERAL)).isEqualTo(general);
        assertProblem(
                as(admin)
                        .body(Map.of(
                                "sign",
                                span(4, "WORKING_HOURS"),
                                "rectify",
                                span(3, "WORKING_DAYS"),
                                "recheck",
                                span(1, "WORKING_DAYS"),
                                "version",
                                2))
                        .put(POLICIES + "/" + id)
                        .then(),
                409,
                "deadline-policy-retired");
        as(admin).get(POLICIES).then().statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem(id)));
        as(admin)
                .queryParam("includeInactive", true)
                .get(POLICIES)
                .then()
                .statusCode(200)
                .body("id", hasItem(id));
        // the key is free again after retiring
        as(admin).body(body).post(POLICIES).then().statusCode(201);
        assertThat(audits("deadline-policy", String.valueOf(id))).isEqualTo(3);
    }

    @Test
    void invalidPoliciesAre422AndOnlyServiceWideAdminsChangeThem() {
        HazardCategory cat = fixtures.category("DL", true);
        long before = QuarkusTransaction.requiringNew().call(() -> DeadlinePolicy.count());
        // the shape first (Bean Validation on the body and its spans), on its own ...
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "categoryCode",
                                        cat.code,
                                        "severity",
                                        "MAJOR",
                                        "sign",
                                        span(0, "WORKING_HOURS"),
                                        "rectify",
                                        span(1001, "CALENDAR_DAYS")))
                                .post(POLICIES)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", containsInAnyOrder("rectify.amount", "recheck"));
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "sign",
                                        Map.of("amount", 1),
                                        "rectify",
                                        span(1, "WORKING_DAYS"),
                                        "recheck",
                                        span(1, "WORKING_DAYS")))
                                .post(POLICIES)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", containsInAnyOrder("severity", "sign.unit"));
        // ... then the service's rules, together: a zero span other than WORKING_DAYS, a category that must exist
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "categoryCode",
                                        "NO-SUCH-CATEGORY",
                                        "severity",
                                        "MAJOR",
                                        "sign",
                                        span(0, "WORKING_HOURS"),
                                        "rectify",
                                        span(1, "WORKING_DAYS"),
                                        "recheck",
                                        span(1, "WORKING_DAYS")))
                                .post(POLICIES)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("categoryCode", "sign.amount")));
        assertProblem(as(admin).body(Map.of("severity", "HUGE")).post(POLICIES).then(), 400, "malformed-json");
        Map<String, Object> valid = Map.of(
                "categoryCode",
                cat.code,
                "severity",
                "MAJOR",
                "sign",
                span(1, "WORKING_HOURS"),
                "rectify",
                span(10, "WORKING_DAYS"),
                "recheck",
                span(1, "WORKING_DAYS"));
        assertProblem(as(dispatcher).body(valid).post(POLICIES).then(), 403, "forbidden");
        assertProblem(as(regionalAdmin).body(valid).post(POLICIES).then(), 403, "out-of-scope");
        assertThat((long) QuarkusTransaction.requiringNew().call(() -> DeadlinePolicy.count()))
                .isEqualTo(before);

        int id = as(admin)
                .body(valid)
                .post(POLICIES)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "sign",
                                        span(-1, "WORKING_HOURS"),
                                        "rectify",
                                        span(1, "WORKING_DAYS"),
                                        "recheck",
                                        span(1, "WORKING_DAYS"),
                                        "version",
                                        0))
                                .put(POLICIES + "/" + id)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("sign.amount"));
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "sign",
                                        span(0, "CALENDAR_DAYS"),
                                        "rectify",
                                        span(1, "WORKING_DAYS"),
                                        "recheck",
                                        span(1, "WORKING_DAYS")))
                                .put(POLICIES + "/" + id)
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("version")));
        assertProblem(
                as(regionalAdmin).post(POLICIES + "/" + id + "/actions/retire").then(), 403, "out-of-scope");
        assertProblem(as(admin).post(POLICIES + "/987654321/actions/retire").then(), 404, "deadline-policy-not-found");
        as(admin)
                .get(POLICIES + "/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("version", equalTo(0))
                .body("rectify.amount", equalTo(10));
        as(regionalAdmin).get(POLICIES + "/" + id).then().statusCode(200);
    }

    @Test
    void previewShowsTheDueInstantInShanghaiTime() {
        as(admin)
                .queryParam("from", "2026-09-30T08:30:00Z")
                .queryParam("amount", 2)
                .queryParam("unit", "WORKING_HOURS")
                .get("/api/v1/deadlines/preview")
                .then()
                .statusCode(200)
                .body("from", equalTo("2026-09-30T16:30:00+08:00"))
                .body("due", equalTo("2026-10-08T09:30:00+08:00"));
        as(dispatcher)
                .queryParam("from", "2026-03-17T19:00:00+08:00")
                .queryParam("amount", 0)
                .queryParam("unit", "WORKING_DAYS")
                .get("/api/v1/deadlines/preview")
                .then()
                .statusCode(200)
                .body("due", equalTo("2026-03-18T17:30:00+08:00"))
                .body("workingMinutes", equalTo(420));
        as(dispatcher)
                .queryParam("amount", 1)
                .queryParam("unit", "CALENDAR_DAYS")
                .get("/api/v1/deadlines/preview")
                .then()
                .statusCode(200)
                .body("workingMinutes", org.hamcrest.Matchers.notNullValue());
        // a parameter that is not what its type claims is a 400 naming it, as everywhere (common.ParameterRules)
        assertProblem(
                        as(admin)
                                .queryParam("from", "tomorrow")
                                .queryParam("amount", 1)
                                .queryParam("unit", "WORKING_DAYS")
                                .get("/api/v1/deadlines/preview")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("parameter", equalTo("from"));
        assertProblem(
                        as(admin)
                                .queryParam("from", "1999-12-31T00:00:00+08:00")
                                .queryParam("amount", 1)
                                .queryParam("unit", "WORKING_DAYS")
                                .get("/api/v1/deadlines/preview")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("from"));
        assertProblem(
                        as(admin)
                                .header("Accept-Language", "en")
                                .queryParam("amount", 1001)
                                .get("/api/v1/deadlines/preview")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors.field", equalTo(List.of("amount", "unit")))
                .body("errors[0].message", equalTo("the amount must be an integer from 0 to 1000"))
                .body("errors[1].message", equalTo("required"));
        assertProblem(
                        as(admin)
                                .queryParam("amount", 0)
                                .queryParam("unit", "WORKING_HOURS")
                                .get("/api/v1/deadlines/preview")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("amount"));
        assertProblem(
                        as(admin)
                                .queryParam("amount", 1)
                                .queryParam("unit", "FORTNIGHTS")
                                .get("/api/v1/deadlines/preview")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("parameter", equalTo("unit"));
        String unitStaff = Fixtures.token(fixtures.staff(Set.of("unit"), fixtures.unit(null).id, Set.of()));
        assertProblem(
                as(unitStaff)
                        .queryParam("amount", 1)
                        .queryParam("unit", "WORKING_DAYS")
                        .get("/api/v1/deadlines/preview")
                        .then(),
                403,
                "forbidden");
    }

    @Test
    void aPolicyForAnyCategoryCannotBeDoubled() {
        assertProblem(
                        as(admin)
                                .body(Map.of(
                                        "severity",
                                        "GENERAL",
                                        "sign",
                                        span(1, "WORKING_HOURS"),
                                        "rectify",
                                        span(1, "WORKING_DAYS"),
                                        "recheck",
                                        span(1, "WORKING_DAYS")))
                                .post(POLICIES)
                                .then(),
                        409,
                        "deadline-policy-tie")
                .body(
                        "conflictingPolicyId",
                        equalTo(((Number) as(admin)
                                        .get(POLICIES)
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .path("find { it.categoryCode == null && it.severity == 'GENERAL' }.id"))
                                .intValue()));
        as(admin)
                .get(POLICIES)
                .then()
                .body("find { it.categoryCode == null && it.severity == 'MAJOR' }.categoryId", nullValue());
    }
}
