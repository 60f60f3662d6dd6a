package cn.suishoupai.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps shown to people are ISO-8601 in the business zone (+08:00). */
public final class Times {

    private Times() {}

    /** Millisecond precision: the database keeps microseconds, memory nanoseconds; people need neither. */
    public static OffsetDateTime local(Instant i) {
        return i == null
                ? null
                : i.truncatedTo(ChronoUnit.MILLIS)
                        .atZone(ClockProducer.BUSINESS_ZONE)
                        .toOffsetDateTime();
    }

    public static String iso(Instant i) {
        return i == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local(i));
    }

    /** A timestamptz column read by a native query: the driver may hand back any of these. */
    public static Instant instant(Object o) {
        if (o == null || o instanceof Instant) {
            return (Instant) o;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + o.getClass());
    }
}
