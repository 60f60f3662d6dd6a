package cn.suishoupai.region;

import cn.suishoupai.common.Crs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Reads and writes the GeoJSON FeatureCollection of grid (网格) polygons used for imports.
 *
 * <p>Parsing never throws for bad input: every problem becomes a {@link FeatureError}, with
 * index -1 for problems of the collection itself, so the import report can list them all at once.
 * Features with any error are left out of {@link Parsed#features()}.
 */
public final class GridGeoJson {

    public static final int SRID = 4326;
    /** Factory for all grid geometries: WGS-84 lng/lat, full double precision. */
    public static final GeometryFactory GEOMETRY_FACTORY = new GeometryFactory(new PrecisionModel(), SRID);

    public static final int MAX_CODE_LENGTH = 64;

    /** Index used in {@link FeatureError} for problems that are not about one feature. */
    public static final int COLLECTION_INDEX = -1;

    private static final String[] ZONE_CODE_ALIASES = {"zoneCode", "zone_code", "parentCode"};
    // ObjectMapper is thread-safe once configured; readTree/createGenerator do not mutate it.
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GeometryReader GEOMETRY_READER = new GeometryReader(GEOMETRY_FACTORY);

    public enum Reason {
        NOT_A_FEATURE_COLLECTION,
        MISSING_PROPERTY,
        /** Property present but of the wrong JSON type or too long (e.g. a 65-character code). */
        INVALID_PROPERTY,
        UNSUPPORTED_GEOMETRY,
        COORDINATE_OUT_OF_RANGE,
        RING_NOT_CLOSED,
        TOO_FEW_POINTS,
        SELF_INTERSECTION,
        INVALID_GEOMETRY,
        DUPLICATE_CODE,
        EMPTY_COLLECTION,
        /** A top-level "crs" member names a system other than WGS-84 (e.g. our own GCJ-02 export). */
        UNSUPPORTED_CRS
    }

    /** One accepted grid. {@code geometry} is a normalized Polygon or MultiPolygon with SRID 4326. */
    public record GridFeature(int index, String code, String name, String zoneCode, Geometry geometry) {
        public GridFeature {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(geometry, "geometry");
        }
    }

    /** One rejection; {@code code} is null when the feature had no usable code. */
    public record FeatureError(int index, String code, Reason reason, String detail) {}

    public record Parsed(List<GridFeature> features, List<FeatureError> errors) {
        public Parsed {
            features = List.copyOf(features);
            errors = List.copyOf(errors);
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    private GridGeoJson() {}

    public static Parsed parse(String json) {
        try {
            return parseTree(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return malformed(e);
        }
    }

    public static Parsed parse(byte[] json) {
        try {
            return parseTree(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return malformed(e);
        } catch (IOException e) {
            // readTree(byte[]) declares IOException but cannot do real I/O on an in-memory array.
            throw new UncheckedIOException(e);
        }
    }

    private static Parsed malformed(JsonProcessingException e) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return collectionError(
                Reason.NOT_A_FEATURE_COLLECTION, "malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    private static Parsed collectionError(Reason reason, String detail) {
        return new Parsed(List.of(), List.of(new FeatureError(COLLECTION_INDEX, null, reason, detail)));
    }

    private static Parsed parseTree(JsonNode root) {
        if (root == null
                || !root.isObject()
                || !"FeatureCollection".equals(root.path("type").asText())) {
            return collectionError(
                    Reason.NOT_A_FEATURE_COLLECTION,
                    "top level must be a JSON object with \"type\": \"FeatureCollection\"");
        }
        JsonNode crs = root.get("crs");
        if (crs != null && crs.isTextual() && !Crs.WGS84.name().equals(crs.asText())) {
            // a GCJ-02 / BD-09 export read back as WGS-84 would move every grid by hundreds of metres
            return collectionError(
                    Reason.UNSUPPORTED_CRS,
                    "grids are imported in WGS-84 (RFC 7946); this file says \"crs\": \"" + crs.asText()
                            + "\". Export it with crs=WGS84 (or convert it) and import that");
        }
        JsonNode features = root.get("features");
        if (features == null || !features.isArray()) {
            return collectionError(Reason.NOT_A_FEATURE_COLLECTION, "\"features\" must be an array");
        }
        if (features.isEmpty()) {
            return collectionError(Reason.EMPTY_COLLECTION, "the FeatureCollection contains no features");
        }
        // Geometry building and validation dominate (IsValidOp per polygon) and are independent per
        // feature: do them in parallel first, then walk the features in order for the rest.
        int n = features.size();
        Object[] geometries = new Object[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            JsonNode f = features.get(i);
            if (f.isObject()) {
                try {
                    geometries[i] = GEOMETRY_READER.read(f.get("geometry"));
                } catch (GeoJsonException e) {
                    geometries[i] = e;
                }
            }
        });
        List<GridFeature> accepted = new ArrayList<>(n);
        List<FeatureError> errors = new ArrayList<>();
        Map<String, Integer> firstIndexByCode = new HashMap<>();
        for (int i = 0; i < n; i++) {
            parseFeature(i, features.get(i), geometries[i], firstIndexByCode, accepted, errors);
        }
        return new Parsed(accepted, errors);
    }

    private static void parseFeature(
            int index,
            JsonNode feature,
            Object geometryOrError,
            Map<String, Integer> firstIndexByCode,
            List<GridFeature> accepted,
            List<FeatureError> errors) {
        if (!feature.isObject() || !"Feature".equals(feature.path("type").asText())) {
            errors.add(new FeatureError(
                    index,
                    null,
                    Reason.NOT_A_FEATURE_COLLECTION,
                    "features[" + index + "] is not a GeoJSON object with \"type\": \"Feature\""));
            return;
        }
        int errorsBefore = errors.size();
        PropertyReader props = new PropertyReader(index, feature.get("properties"), errors);
        String code = props.text(MAX_CODE_LENGTH, "code");
        props.codeForErrors = code;
        String name = props.text(Integer.MAX_VALUE, "name");
        String zoneCode = props.text(MAX_CODE_LENGTH, ZONE_CODE_ALIASES);
        if (code != null) {
            Integer first = firstIndexByCode.putIfAbsent(code, index);
            if (first != null) {
                errors.add(new FeatureError(
                        index, code, Reason.DUPLICATE_CODE, "code '" + code + "' is already used by feature " + first));
            }
        }
        Geometry geometry = null;
        if (geometryOrError instanceof GeoJsonException e) {
            errors.add(new FeatureError(index, code, e.reason(), e.getMessage()));
        } else {
            geometry = (Geometry) geometryOrError;
        }
        if (errors.size() == errorsBefore) {
            accepted.add(new GridFeature(index, code, name, zoneCode, geometry));
        }
    }

    /** Reads required string properties, recording a {@link FeatureError} for each problem. */
    private static final class PropertyReader {
        private final int index;
        private final JsonNode properties;
        private final List<FeatureError> errors;
        /** Attached to later errors once the code has been read, so the report can name the grid. */
        String codeForErrors;

        PropertyReader(int index, JsonNode properties, List<FeatureError> errors) {
            this.index = index;
            this.properties = properties;
            this.errors = errors;
            if (properties == null || !properties.isObject()) {
                errors.add(
                        new FeatureError(index, null, Reason.MISSING_PROPERTY, "feature has no \"properties\" object"));
            }
        }

        /** First present alias wins; returns the stripped value, or null after recording an error. */
        String text(int maxLength, String... aliases) {
            if (properties == null || !properties.isObject()) {
                return null; // already reported once for the whole object
            }
            String key = aliases[0];
            JsonNode value = null;
            for (String alias : aliases) {
                JsonNode candidate = properties.get(alias);
                if (candidate != null && !candidate.isNull()) {
                    key = alias;
                    value = candidate;
                    break;
                }
            }
            String label = "properties." + key;
            if (value == null) {
                fail(
                        Reason.MISSING_PROPERTY,
                        label + " is required"
                                + (aliases.length > 1 ? " (also accepted: " + String.join(", ", aliases) + ")" : ""));
                return null;
            }
            // Administrative codes are often exported as JSON integers; accept those as text.
            if (!value.isTextual() && !value.isIntegralNumber()) {
                fail(Reason.INVALID_PROPERTY, label + " must be a string, got " + value.getNodeType());
                return null;
            }
            String text = value.asText().strip();
            if (text.isEmpty()) {
                fail(Reason.MISSING_PROPERTY, label + " is blank");
                return null;
            }
            if (text.length() > maxLength) {
                fail(
                        Reason.INVALID_PROPERTY,
                        label + " is " + text.length() + " characters long; at most " + maxLength + " are allowed");
                return null;
            }
            return text;
        }

        private void fail(Reason reason, String detail) {
            errors.add(new FeatureError(index, codeForErrors, reason, detail));
        }
    }

    /**
     * Writes features as a FeatureCollection with properties code, name and zoneCode.
     * Rings are written in RFC 7946 orientation (shell counter-clockwise, holes clockwise);
     * {@link #parse} normalizes again, so {@code parse(write(x))} reproduces parsed features.
     */
    public static String write(List<GridFeature> features) {
        return write(features, Crs.WGS84);
    }

    /**
     * The same in another coordinate system, for drawing on a Chinese map: the top-level {@code "crs"}
     * member says which. Such a file is for display; {@link #parse} refuses anything but WGS-84.
     */
    public static String write(List<GridFeature> features, Crs crs) {
        return GeoJsonWriter.write(MAPPER, features, crs);
    }
}
