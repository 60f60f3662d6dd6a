package cn.suishoupai.region;

import cn.suishoupai.region.GridGeoJson.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Turns a GeoJSON Polygon/MultiPolygon node into a valid, normalized JTS geometry.
 *
 * <p>Every structural rule JTS would enforce by throwing (ring closure, ring length) is checked
 * here first, so a bad upload yields a precise {@link GeoJsonException} instead of an
 * {@link IllegalArgumentException} from deep inside JTS. Topology (self-intersection, holes
 * outside shells, ...) is delegated to {@link IsValidOp} once the geometry exists.
 */
final class GeometryReader {

    private static final int MIN_RING_POSITIONS = 4;

    private final GeometryFactory factory;

    GeometryReader(GeometryFactory factory) {
        this.factory = factory;
    }

    Geometry read(JsonNode geometry) throws GeoJsonException {
        if (geometry == null || geometry.isNull()) {
            throw new GeoJsonException(Reason.UNSUPPORTED_GEOMETRY, "geometry is missing (null)");
        }
        if (!geometry.isObject()) {
            throw new GeoJsonException(Reason.UNSUPPORTED_GEOMETRY, "geometry must be a JSON object");
        }
        String type = geometry.path("type").asText("");
        JsonNode coordinates = geometry.get("coordinates");
        Geometry built;
        if ("Polygon".equals(type)) {
            built = readPolygon(coordinates, 0);
        } else if ("MultiPolygon".equals(type)) {
            built = readMultiPolygon(coordinates);
        } else {
            throw new GeoJsonException(
                    Reason.UNSUPPORTED_GEOMETRY,
                    "geometry type '" + type + "' is not supported; expected Polygon or MultiPolygon");
        }
        checkTopology(built);
        // norm() gives a canonical vertex order/orientation, so equal shapes are equalsExact.
        Geometry normalized = built.norm();
        normalized.setSRID(factory.getSRID());
        return normalized;
    }

    private Geometry readMultiPolygon(JsonNode coordinates) throws GeoJsonException {
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
            throw new GeoJsonException(
                    Reason.INVALID_GEOMETRY, "MultiPolygon coordinates must be a non-empty array of polygons");
        }
        Polygon[] polygons = new Polygon[coordinates.size()];
        for (int p = 0; p < polygons.length; p++) {
            polygons[p] = readPolygon(coordinates.get(p), p);
        }
        return factory.createMultiPolygon(polygons);
    }

    private Polygon readPolygon(JsonNode rings, int polygonIndex) throws GeoJsonException {
        if (rings == null || !rings.isArray() || rings.isEmpty()) {
            throw new GeoJsonException(
                    Reason.INVALID_GEOMETRY, "polygon " + polygonIndex + " must be a non-empty array of linear rings");
        }
        LinearRing shell = readRing(rings.get(0), 0, polygonIndex);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int r = 1; r < rings.size(); r++) {
            holes[r - 1] = readRing(rings.get(r), r, polygonIndex);
        }
        return factory.createPolygon(shell, holes);
    }

    private LinearRing readRing(JsonNode positions, int ringIndex, int polygonIndex) throws GeoJsonException {
        String where = "ring " + ringIndex + " of polygon " + polygonIndex;
        if (positions == null || !positions.isArray()) {
            throw new GeoJsonException(Reason.INVALID_GEOMETRY, where + " must be an array of positions");
        }
        Coordinate[] coords = new Coordinate[positions.size()];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = readPosition(positions.get(i), "position " + i + " of " + where);
        }
        if (coords.length < MIN_RING_POSITIONS) {
            throw new GeoJsonException(
                    Reason.TOO_FEW_POINTS,
                    where + " has " + coords.length + " positions; at least " + MIN_RING_POSITIONS + " are required");
        }
        Coordinate first = coords[0];
        Coordinate last = coords[coords.length - 1];
        if (!first.equals2D(last)) {
            throw new GeoJsonException(
                    Reason.RING_NOT_CLOSED,
                    where + " is not closed: first position " + format(first) + " differs from last position "
                            + format(last));
        }
        return factory.createLinearRing(coords);
    }

    private static Coordinate readPosition(JsonNode position, String where) throws GeoJsonException {
        if (position == null || !position.isArray() || position.size() < 2) {
            throw new GeoJsonException(Reason.INVALID_GEOMETRY, where + " must be an array [lng, lat]");
        }
        JsonNode lngNode = position.get(0);
        JsonNode latNode = position.get(1);
        if (!lngNode.isNumber() || !latNode.isNumber()) {
            throw new GeoJsonException(Reason.COORDINATE_OUT_OF_RANGE, where + " is not numeric: " + position);
        }
        double lng = lngNode.asDouble();
        double lat = latNode.asDouble();
        if (!(lng >= -180 && lng <= 180)) {
            throw new GeoJsonException(
                    Reason.COORDINATE_OUT_OF_RANGE, where + " has longitude " + lng + " outside [-180, 180]");
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw new GeoJsonException(
                    Reason.COORDINATE_OUT_OF_RANGE,
                    where + " has latitude " + lat + " outside [-90, 90]"
                            + (Math.abs(lng) <= 90 && Math.abs(lat) <= 180
                                    ? " (are the positions [lat, lng] instead of [lng, lat]?)"
                                    : ""));
        }
        // Altitude, if present, is dropped: routing is 2D.
        return new Coordinate(lng, lat);
    }

    private static void checkTopology(Geometry geometry) throws GeoJsonException {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error == null) {
            return;
        }
        Reason reason;
        switch (error.getErrorType()) {
            case TopologyValidationError.SELF_INTERSECTION:
            case TopologyValidationError.RING_SELF_INTERSECTION:
                reason = Reason.SELF_INTERSECTION;
                break;
            case TopologyValidationError.TOO_FEW_POINTS:
                reason = Reason.TOO_FEW_POINTS; // e.g. a 4-position ring that repeats one point
                break;
            case TopologyValidationError.RING_NOT_CLOSED:
                reason = Reason.RING_NOT_CLOSED;
                break;
            default:
                reason = Reason.INVALID_GEOMETRY;
        }
        Coordinate at = error.getCoordinate();
        throw new GeoJsonException(
                reason,
                error.getMessage()
                        + " (JTS error type " + error.getErrorType() + ")"
                        + (at == null ? "" : " at or near " + format(at)));
    }

    private static String format(Coordinate c) {
        return "[" + c.x + ", " + c.y + "]";
    }
}
