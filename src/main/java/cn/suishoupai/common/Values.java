package cn.suishoupai.common;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a value from a client may be (issue 12, "values are what they claim to be, or refused").
 * One set of rules, used by the JSON reader ({@link JacksonConfig}), by the parameter check
 * ({@link ParameterRules}) and by the few places that parse form fields themselves:
 * <ul>
 *   <li>dates and instants lie in the business window, years {@value #FIRST_YEAR} through
 *       {@value #LAST_YEAR} (Asia/Shanghai) — the same years the calendar and budgets accept;
 *   <li>durations are non-negative and at most {@link #MAX_DURATION};
 *   <li>ids are ASCII digits only, 1-18 of them; integers are ASCII digits with an optional minus;
 *   <li>booleans are {@code true} or {@code false} (any case), nothing else;
 *   <li>coordinates are plain decimals: {@code -?[0-9]{1,3}(.[0-9]{1,17})?}.
 * </ul>
 * The parse methods return null for text that is not such a value (the caller's 400) and leave
 * range checks (the caller's 422) to the {@code inWindow}/{@code inBounds} methods.
 */
public final class Values {

    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;
    /** First day of the window, inclusive. */
    public static final LocalDate MIN_DATE = LocalDate.of(FIRST_YEAR, 1, 1);
    /** First day after the window, exclusive. */
    public static final LocalDate END_DATE = LocalDate.of(LAST_YEAR + 1, 1, 1);

    public static final Instant MIN_INSTANT =
            MIN_DATE.atStartOfDay(ClockProducer.BUSINESS_ZONE).toInstant();
    public static final Instant END_INSTANT =
            END_DATE.atStartOfDay(ClockProducer.BUSINESS_ZONE).toInstant();
    /** Ten years: longer than any deadline, lease or look-back the service knows. */
    public static final Duration MAX_DURATION = Duration.ofDays(3660);

    /** Highest page index a list accepts: page × size stays far inside an int. */
    public static final int MAX_PAGE = 1_000_000;
    /** Largest page size any list accepts (an endpoint's own @Max may be lower). */
    public static final int MAX_SIZE = 500;

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private Values() {}

    // ------------------------------------------------------------------ window

    public static boolean inWindow(LocalDate d) {
        return d == null || (!d.isBefore(MIN_DATE) && d.isBefore(END_DATE));
    }

    public static boolean inWindow(Instant i) {
        return i == null || (!i.isBefore(MIN_INSTANT) && i.isBefore(END_INSTANT));
    }

    public static boolean inWindow(OffsetDateTime t) {
        return t == null || inWindow(t.toInstant());
    }

    public static boolean inBounds(Duration d) {
        return d == null || (!d.isNegative() && d.compareTo(MAX_DURATION) <= 0);
    }

    /** Whether a decoded java.time value (or anything else: true) is within its bounds. */
    public static boolean inBounds(Object v) {
        if (v instanceof LocalDate d) return inWindow(d);
        if (v instanceof Instant i) return inWindow(i);
        if (v instanceof OffsetDateTime t) return inWindow(t);
        if (v instanceof ZonedDateTime z) return inWindow(z.toInstant());
        if (v instanceof Duration d) return inBounds(d);
        return true;
    }

    // ------------------------------------------------------------------ text → value (null: not such a value)

    public static Long id(String s) {
        return s != null && ID.matcher(s).matches() ? Long.valueOf(s) : null;
    }

    /** An integer in ASCII digits with an optional minus, within [min, max]; null if not one (or out of range). */
    public static Long integer(String s, long min, long max) {
        if (s == null || !INTEGER.matcher(s).matches()) {
            return null;
        }
        long v = Long.parseLong(s);
        return v < min || v > max ? null : v;
    }

    public static Boolean bool(String s) {
        if (s == null) return null;
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Digits after the point a plain decimal may have: 17, what a double prints (28.305000000000003),
     * so clients that compute coordinates in JavaScript or Java are not refused.
     */
    public static final int MAX_FRACTION_DIGITS = 17;

    /** A latitude or longitude as a plain decimal, {@code -?[0-9]{1,3}(.[0-9]{1,17})?}; range checks are the caller's. */
    public static Double coordinate(String s) {
        return decimal(s, 3);
    }

    /**
     * A plain decimal with at most intDigits digits before the point and 17 after: no exponent, sign
     * other than minus, suffix (28.36d), hexadecimal (0x1.c5cp4), NaN or Infinity, non-ASCII digits.
     */
    public static Double decimal(String s, int intDigits) {
        if (s == null) return null;
        String v = s.strip();
        return Pattern.matches("-?[0-9]{1," + intDigits + "}(\\.[0-9]{1," + MAX_FRACTION_DIGITS + "})?", v)
                ? new BigDecimal(v).doubleValue()
                : null;
    }

    public static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO-8601 date-time with offset (2026-10-08T09:00:00+08:00 or …Z). */
    public static OffsetDateTime dateTime(String s) {
        try {
            return s == null ? null : OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static Instant instant(String s) {
        OffsetDateTime t = dateTime(s);
        return t == null ? null : t.toInstant();
    }

    public static Duration duration(String s) {
        try {
            return s == null ? null : Duration.parse(s.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ refusals with the API's shapes

    /** 400 invalid-parameter naming a query, path or header parameter that is not what it claims to be. */
    /** If-Match: "7", 7 or W/"7" (an entity's version); absent or * means "whatever it is now" (null). */
    public static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String v = header.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        Long n = id(v.replace("\"", ""));
        if (n == null) {
            throw invalidParameter("If-Match");
        }
        return n;
    }

    public static ApiException invalidParameter(String name) {
        return new ApiException(
                        400, "invalid-parameter", List.of(new Problem.FieldError(name, "field.parameter.format")))
                .with("parameter", name);
    }

    /** 422 naming a field whose value parses but lies outside the business window or bounds. */
    public static ApiException outOfBounds(String field, Object value) {
        return ApiException.invalidField(
                field,
                value instanceof Duration ? "field.duration.range" : "field.date.range",
                String.valueOf(FIRST_YEAR),
                String.valueOf(LAST_YEAR));
    }
}
