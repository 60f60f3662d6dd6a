package cn.suishoupai.deadline;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import cn.suishoupai.region.Region;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A year without an official schedule (2027 here: the migrations ship 2026 only) follows the
 * statutory holiday rules and says it is provisional; from 1 December admins are warned while
 * next year is still provisional; one PUT of the official schedule ends both. Whatever a test
 * writes for 2027 is removed afterwards, so other tests keep seeing 2027 as provisional.
 */
@QuarkusTest
class ProvisionalCalendarTest {

    private static final String CALENDAR = "/api/v1/admin/calendar/";
    private static final String WARNINGS = "/api/v1/admin/calendar/warnings";
    private static final String PREVIEW = "/api/v1/deadlines/preview";

    @Inject
    Fixtures fixtures;

    @Inject
    Deadlines deadlines;

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @Inject
    Event<CalendarChanged> calendarChanged;

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

    @AfterEach
    void tearDown() {
        clock.reset();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from work_calendar_year where year = 2027")
                    .executeUpdate();
            calendarChanged.fire(new CalendarChanged(2027));
        });
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private void clockAt(String shanghai) {
        clock.reset();
        clock.advance(Duration.between(Instant.now(), WorkCalendarTest.sh(shanghai)));
    }

    @Test
    void aYearWithoutAnOfficialScheduleAnswersWithItsProvisionalDays() {
        as(admin)
                .get(CALENDAR + 2027)
                .then()
                .statusCode(200)
                .body("provisional", equalTo(true))
                .body("source", equalTo("PROVISIONAL"))
                .body("configured", equalTo(false))
                .body("periods", equalTo(List.of("08:30-12:00", "14:00-17:30")))
                .body("days", hasSize(19))
                .body("days.kind", everyItem(equalTo("HOLIDAY"))) // no 调休 is guessed
                .body("days.find { it.date == '2027-01-01' }.name", equalTo("元旦"))
                .body("days.find { it.date == '2027-02-05' }.name", equalTo("春节"))
                .body("days.find { it.date == '2027-04-05' }.name", equalTo("清明节"))
                .body("days.find { it.date == '2027-06-09' }.name", equalTo("端午节"))
                .body("days.find { it.date == '2027-09-15' }.name", equalTo("中秋节"))
                .body("days.find { it.date == '2027-10-04' }.name", equalTo("国庆节补假"))
                .body("updatedAt", nullValue());
        as(admin)
                .get(CALENDAR + 2026)
                .then()
                .statusCode(200)
                .body("provisional", equalTo(false))
                .body("source", equalTo("OFFICIAL"))
                .body("configured", equalTo(true));
        as(regionalAdmin).get(CALENDAR + 2027).then().statusCode(200).body("provisional", equalTo(true));
    }

    @Test
    void newYearsEvePlusOneWorkingDayIsNeverNewYearsDay() {
        Instant thursday = WorkCalendarTest.sh("2026-12-31T10:00");
        assertThat(deadlines.add(thursday, new Span(1, Span.Unit.WORKING_DAYS)))
                .isEqualTo(WorkCalendarTest.sh("2027-01-04T10:00"));
        as(dispatcher)
                .queryParam("from", "2026-12-31T10:00:00+08:00")
                .queryParam("amount", 1)
                .queryParam("unit", "WORKING_DAYS")
                .get(PREVIEW)
                .then()
                .statusCode(200)
                .body("due", equalTo("2027-01-04T10:00:00+08:00"))
                .body("workingMinutes", equalTo(420))
                .body("provisional", equalTo(true))
                .body("provisionalYears", equalTo(List.of(2027)));
        // a span within the official 2026 is not provisional
        as(admin)
                .queryParam("from", "2026-12-30T10:00:00+08:00")
                .queryParam("amount", 1)
                .queryParam("unit", "WORKING_DAYS")
                .get(PREVIEW)
                .then()
                .statusCode(200)
                .body("due", equalTo("2026-12-31T10:00:00+08:00"))
                .body("provisional", equalTo(false))
                .body("provisionalYears", empty());
    }

    @Test
    void fromTheFirstOfDecemberAdminsAreWarnedUntilTheOfficialScheduleIsIn() {
        clockAt("2026-11-30T23:59");
        as(admin)
                .get(WARNINGS)
                .then()
                .statusCode(200)
                .body("today", equalTo("2026-11-30"))
                .body("warnings", empty());

        clockAt("2026-12-01T00:01");
        as(admin)
                .get(WARNINGS)
                .then()
                .statusCode(200)
                .body("today", equalTo("2026-12-01"))
                .body("warnings", hasSize(1))
                .body("warnings[0].code", equalTo("next-year-provisional"))
                .body("warnings[0].year", equalTo(2027))
                .body("warnings[0].message", equalTo("2027 年的节假日安排尚未录入，目前按法定节假日规则推算（临时日历，无调休）。国务院公布后请录入正式安排。"));
        as(admin)
                .header("Accept-Language", "en")
                .get(WARNINGS)
                .then()
                .statusCode(200)
                .body(
                        "warnings[0].message",
                        equalTo("The 2027 holiday schedule is not entered yet; deadlines use a provisional "
                                + "calendar computed from the statutory holiday rules (no make-up working days). Enter the official "
                                + "schedule once the State Council publishes it."));

        // the official schedule (holidays and 调休 make-up days) in one call
        as(admin)
                .body(Map.of(
                        "periods",
                        List.of("08:30-12:00", "14:00-17:30"),
                        "days",
                        List.of(
                                Map.of("date", "2027-01-01", "kind", "HOLIDAY", "name", "元旦"),
                                Map.of("date", "2027-01-04", "kind", "HOLIDAY", "name", "元旦"),
                                Map.of("date", "2027-01-09", "kind", "WORKDAY", "name", "元旦调休上班"))))
                .put(CALENDAR + 2027)
                .then()
                .statusCode(200)
                .body("provisional", equalTo(false))
                .body("source", equalTo("OFFICIAL"))
                .body("configured", equalTo(true))
                .body("days.date", equalTo(List.of("2027-01-01", "2027-01-04", "2027-01-09")));
        as(admin).get(WARNINGS).then().statusCode(200).body("warnings", empty());
        as(admin)
                .get(CALENDAR + 2027)
                .then()
                .statusCode(200)
                .body("provisional", equalTo(false))
                .body("days.kind", hasItem("WORKDAY"));
        // deadlines follow the official schedule: 4 Jan is off, Saturday 9 Jan works, 清明 is whatever it says (here:
        // nothing)
        as(admin)
                .queryParam("from", "2026-12-31T10:00:00+08:00")
                .queryParam("amount", 1)
                .queryParam("unit", "WORKING_DAYS")
                .get(PREVIEW)
                .then()
                .statusCode(200)
                .body("due", equalTo("2027-01-05T10:00:00+08:00"))
                .body("provisional", equalTo(false))
                .body("provisionalYears", empty());
        assertThat(deadlines.add(WorkCalendarTest.sh("2027-01-08T10:00"), new Span(1, Span.Unit.WORKING_DAYS)))
                .isEqualTo(WorkCalendarTest.sh("2027-01-09T10:00"));
        assertThat(deadlines.calendar().isWorkingDay(LocalDate.parse("2027-04-05")))
                .isTrue();
    }

    @Test
    void aCurrentYearWithoutAnOfficialScheduleIsWarnedAllYear() {
        clockAt("2027-03-01T10:00");
        as(admin)
                .get(WARNINGS)
                .then()
                .statusCode(200)
                .body("today", equalTo("2027-03-01"))
                .body("warnings.code", equalTo(List.of("current-year-provisional")))
                .body("warnings[0].year", equalTo(2027));
    }

    @Test
    void onlyAdminsReadTheWarnings() {
        assertProblem(as(dispatcher).get(WARNINGS).then(), 403, "forbidden");
        assertProblem(given().get(WARNINGS).then(), 401, "unauthenticated");
        as(regionalAdmin).get(WARNINGS).then().statusCode(200);
        assertProblem(as(dispatcher).get(CALENDAR + 2027).then(), 403, "forbidden");
        assertProblem(
                as(regionalAdmin)
                        .body(Map.of("periods", List.of("08:30-12:00"), "days", List.of()))
                        .put(CALENDAR + 2027)
                        .then(),
                403,
                "out-of-scope");
        as(admin).get(CALENDAR + 2027).then().statusCode(200).body("provisional", equalTo(true));
    }
}
