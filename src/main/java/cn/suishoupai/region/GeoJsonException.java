package cn.suishoupai.region;

/**
 * A feature-level validation failure. Used only inside this package to unwind out of
 * nested coordinate parsing; callers of {@link GridGeoJson} see {@link GridGeoJson.FeatureError}s.
 */
final class GeoJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    private final GridGeoJson.Reason reason;

    GeoJsonException(GridGeoJson.Reason reason, String detail) {
        // No stack trace: these are expected outcomes of validating user uploads, not bugs.
        super(detail, null, false, false);
        this.reason = reason;
    }

    GridGeoJson.Reason reason() {
        return reason;
    }
}
