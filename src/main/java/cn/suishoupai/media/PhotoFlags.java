package cn.suishoupai.media;

import cn.suishoupai.common.Geo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plausibility flags for a report photo. Flags are hints for a moderator, never grounds to reject: EXIF is often
 * stripped by the uploading app and is trivially forged. Only {@link Flag#evidence evidence against} the report keeps
 * it from auto-dispatch; NO_EXIF is information (a WeChat mini-program's compressed photo carries none, issue 14).
 * Pure and thread-safe.
 */
public final class PhotoFlags {

    public enum Flag {
        /** No EXIF at all, or EXIF with neither GPS nor capture time. Information only: no evidence against. */
        NO_EXIF(false),
        /** EXIF GPS is more than maxDistanceMeters from the point the resident claimed. */
        FAR_FROM_CLAIMED(true),
        /** Captured more than maxAge before now (an old photo re-used). */
        TAKEN_LONG_AGO(true),
        /** Captured more than futureTolerance after now (wrong camera clock or edited). */
        TAKEN_IN_FUTURE(true);

        /** Whether the flag speaks against the report (holds it for a dispatcher) or only informs. */
        public final boolean evidence;

        Flag(boolean evidence) {
            this.evidence = evidence;
        }
    }

    /** Whether any of a photo's flags is evidence against the report (NO_EXIF alone is not). */
    public static boolean anyEvidence(List<Flag> flags) {
        return flags.stream().anyMatch(f -> f.evidence);
    }

    public static final double DEFAULT_MAX_DISTANCE_METERS = 500;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofDays(1);

    private final double maxDistanceMeters;
    private final Duration maxAge;
    private final Duration futureTolerance;

    public PhotoFlags() {
        this(DEFAULT_MAX_DISTANCE_METERS, DEFAULT_MAX_AGE, DEFAULT_FUTURE_TOLERANCE);
    }

    public PhotoFlags(double maxDistanceMeters, Duration maxAge, Duration futureTolerance) {
        if (!(maxDistanceMeters >= 0)) throw new IllegalArgumentException("maxDistanceMeters must be >= 0");
        this.maxDistanceMeters = maxDistanceMeters;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.futureTolerance = Objects.requireNonNull(futureTolerance, "futureTolerance");
    }

    /**
     * @param claimedLat WGS-84 latitude the report claims. A point picked on a Chinese map (GCJ-02) must be converted
     *                   to WGS-84 first, or this check is off by a few hundred metres.
     * @param claimedLng WGS-84 longitude the report claims
     * @param exif       from {@link Processed#exif()}; null counts as no EXIF
     * @param now        the server's clock (injected for tests)
     * @return flags in {@link Flag} declaration order; empty when nothing is suspicious
     */
    public List<Flag> evaluate(double claimedLat, double claimedLng, Exif exif, Instant now) {
        Objects.requireNonNull(now, "now");
        List<Flag> flags = new ArrayList<>(2);
        if (exif == null || !exif.present() || (!exif.hasGps() && exif.takenAt() == null)) {
            flags.add(Flag.NO_EXIF);
            return List.copyOf(flags);
        }
        if (exif.hasGps() && Geo.distanceMeters(claimedLat, claimedLng, exif.lat(), exif.lng()) > maxDistanceMeters) {
            flags.add(Flag.FAR_FROM_CLAIMED);
        }
        Instant taken = exif.takenAt();
        if (taken != null) {
            if (Duration.between(taken, now).compareTo(maxAge) > 0) flags.add(Flag.TAKEN_LONG_AGO);
            if (Duration.between(now, taken).compareTo(futureTolerance) > 0) flags.add(Flag.TAKEN_IN_FUTURE);
        }
        return List.copyOf(flags);
    }
}
