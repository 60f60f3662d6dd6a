package cn.suishoupai.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.suishoupai.common.Problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calendar and span rules without Quarkus: the shape on the records (Bean Validation) and the
 * rules of several values in {@link DeadlineRules}, each case a row.
 */
class DeadlineRulesTest {

    static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    static DeadlineRules.Day day(String date, WorkCalendar.DayKind kind, String name) {
        return new DeadlineRules.Day(date == null ? null : LocalDate.parse(date), kind, name);
    }

    static final WorkCalendar.DayKind HOLIDAY = WorkCalendar.DayKind.HOLIDAY;
    static final WorkCalendar.DayKind WORKDAY = WorkCalendar.DayKind.WORKDAY;

    static Stream<Arguments> calendarRules() {
        return Stream.of(
                Arguments.of(List.of("08:30-12:00", "14:00-17:30"), List.of(day("2094-10-01", HOLIDAY, "国庆")), ""),
                Arguments.of(List.of("08:30-12:00", "11:00-13:00"), List.of(), "periods=field.periods.order"),
                Arguments.of(List.of("14:00-17:30", "08:30-12:00"), List.of(), "periods=field.periods.order"),
                Arguments.of(
                        List.of("08:30-12:00"),
                        List.of(day("2095-01-01", HOLIDAY, "元旦")),
                        "days[0].date=field.day.outside-year"),
                Arguments.of(
                        List.of("08:30-12:00"),
                        List.of(day("2094-05-01", HOLIDAY, "a"), day("2094-05-01", HOLIDAY, "b")),
                        "days[1].date=field.day.duplicate"),
                // 2094-05-04 is a Tuesday, 2094-05-08 a Saturday
                Arguments.of(
                        List.of("08:30-12:00"),
                        List.of(day("2094-05-04", WORKDAY, "x")),
                        "days[0].kind=field.day.workday-on-weekday"),
                Arguments.of(List.of("08:30-12:00"), List.of(day("2094-05-08", WORKDAY, "调休")), ""),
                Arguments.of(List.of("08:30-12:00"), null, ""));
    }

    @ParameterizedTest
    @MethodSource("calendarRules")
    void calendarYearRules(List<String> periods, List<DeadlineRules.Day> days, String expected) {
        assertThat(render(DeadlineRules.calendarYear(2094, periods, days))).isEqualTo(expected);
    }

    static Stream<Arguments> spanRules() {
        return Stream.of(
                Arguments.of("sign", new Span(0, Span.Unit.WORKING_DAYS), ""),
                Arguments.of("sign", new Span(0, Span.Unit.WORKING_HOURS), "sign.amount=field.span.zero"),
                Arguments.of("", new Span(0, Span.Unit.CALENDAR_DAYS), "amount=field.span.zero"),
                Arguments.of("rectify", new Span(1000, Span.Unit.CALENDAR_DAYS), ""));
    }

    @ParameterizedTest
    @MethodSource("spanRules")
    void spanRule(String field, Span span, String expected) {
        assertThat(render(DeadlineRules.span(field, span))).isEqualTo(expected);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new Span(1001, Span.Unit.WORKING_DAYS), "amount=field.span.amount"),
                Arguments.of(new Span(-1, Span.Unit.WORKING_DAYS), "amount=field.span.amount"),
                Arguments.of(new Span(5, null), "unit=field.required"),
                Arguments.of(new Span(0, Span.Unit.WORKING_HOURS), ""), // the zero rule is DeadlineRules'
                Arguments.of(day("2094-05-01", HOLIDAY, " "), "name=field.day.name"),
                Arguments.of(day("2094-05-01", HOLIDAY, "名".repeat(64)), ""),
                Arguments.of(day("2094-05-01", HOLIDAY, "名".repeat(65)), "name=field.day.name"),
                Arguments.of(day(null, null, "x"), "date=field.required; kind=field.required"),
                Arguments.of(body(List.of("08:30-12:00"), List.of()), ""),
                Arguments.of(body(List.of(), List.of()), "periods=field.periods.count"),
                Arguments.of(body(null, null), "periods=field.periods.count"),
                Arguments.of(body(List.of("8:30-12:00"), List.of()), "periods[0]=field.period.format"),
                Arguments.of(body(List.of("12:00-08:30"), List.of()), "periods[0]=field.period.format"),
                Arguments.of(body(List.of("08:30-24:01"), List.of()), "periods[0]=field.period.format"),
                Arguments.of(body(Arrays.asList("08:30-12:00", null), List.of()), "periods[1]=field.period.format"),
                Arguments.of(
                        body(List.of("08:30-12:00"), Arrays.asList(day("2094-05-01", HOLIDAY, "a"), null)),
                        "days[1]=field.required"),
                Arguments.of(
                        body(List.of("08:30-12:00"), List.of(day("2094-05-01", null, "a"))),
                        "days[0].kind=field.required"));
    }

    static CalendarAdminResource.CalendarBody body(List<String> periods, List<DeadlineRules.Day> days) {
        return new CalendarAdminResource.CalendarBody(periods, days);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theShapeIsBeanValidation(Object request, String expected) {
        assertThat(render(VALIDATOR.validate(request))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("badConfiguredSpans")
    void configuredSpansFollowTheSameRules(String text) {
        assertThatThrownBy(() -> DeadlineRules.parseSpan(text)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> badConfiguredSpans() {
        return Stream.of("0 WORKING_HOURS", "1001 CALENDAR_DAYS", "-1 WORKING_DAYS", "2", "2 FORTNIGHTS");
    }

    @ParameterizedTest
    @MethodSource("goodConfiguredSpans")
    void configuredSpansParse(String text, Span expected) {
        assertThat(DeadlineRules.parseSpan(text)).isEqualTo(expected);
    }

    static Stream<Arguments> goodConfiguredSpans() {
        return Stream.of(
                Arguments.of("2 WORKING_HOURS", new Span(2, Span.Unit.WORKING_HOURS)),
                Arguments.of(" 0  WORKING_DAYS ", new Span(0, Span.Unit.WORKING_DAYS)),
                Arguments.of("1000 CALENDAR_DAYS", new Span(1000, Span.Unit.CALENDAR_DAYS)));
    }

    private static String render(List<FieldError> errors) {
        return String.join(
                "; ", errors.stream().map(e -> e.field() + "=" + e.message()).toList());
    }

    private static <T> String render(Set<ConstraintViolation<T>> violations) {
        return String.join(
                "; ",
                violations.stream()
                        .map(v -> v.getPropertyPath().toString().replace(".<list element>", "") + "=" + v.getMessage())
                        .sorted()
                        .toList());
    }
}
