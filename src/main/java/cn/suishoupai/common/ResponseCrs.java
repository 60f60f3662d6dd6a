package cn.suishoupai.common;

import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.Optional;

/**
 * The coordinate system the caller wants the answer's coordinates in (DOMAIN §5, README "Coordinate
 * systems"): the {@value #HEADER} header, else the {@value #PARAMETER} query parameter, else the
 * endpoint's default (WGS-84 for staff, the submitted system for a resident's own report). One
 * mechanism for every endpoint, read once per request by {@link ResponseCrsFilter} before the resource
 * runs, so a bad value is refused (400 invalid-parameter) before anything changes.
 *
 * <p>Request-scoped like {@link Caller}: only resources use it, and they pass the {@link Crs} on to the
 * services that build the views.
 */
@RequestScoped
public class ResponseCrs {

    public static final String HEADER = "Accept-Crs";
    public static final String PARAMETER = "crs";

    private Crs asked;

    /** The system the caller asked for, if any. */
    public Optional<Crs> asked() {
        return Optional.ofNullable(asked);
    }

    /** The system the caller asked for, else {@code fallback}. */
    public Crs or(Crs fallback) {
        return asked == null ? fallback : asked;
    }

    void set(Crs crs) {
        this.asked = crs;
    }

    /**
     * What a request asks for: the header wins over the query parameter (on the routing preview the
     * parameter also names the system of the point sent, so the header is how to ask for another).
     * Null when neither is given; a value that is not exactly WGS84, GCJ02 or BD09 (no other case, no
     * blanks), an empty one or two of the same kind is 400 invalid-parameter naming it.
     */
    static Crs parse(List<String> headerValues, List<String> queryValues) {
        Crs fromHeader = one(HEADER, headerValues);
        Crs fromQuery = one(PARAMETER, queryValues);
        return fromHeader != null ? fromHeader : fromQuery;
    }

    private static Crs one(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw Values.invalidParameter(name);
        }
        String v = values.get(0);
        Texts.refuseControls(name, v, false);
        // exactly the constant's name, as ParameterRules takes every enum parameter (the preview's crs too)
        for (Crs c : Crs.values()) {
            if (c.name().equals(v)) {
                return c;
            }
        }
        throw Values.invalidParameter(name);
    }
}
