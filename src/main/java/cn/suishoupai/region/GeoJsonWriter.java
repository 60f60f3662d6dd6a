package cn.suishoupai.region;

import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.common.Crs;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams grids out as a GeoJSON FeatureCollection (no intermediate tree for 10,000s of grids). The
 * stored WGS-84 vertices are written in the requested system, and a top-level {@code "crs"} member
 * names it ({@code "WGS84"}, {@code "GCJ02"}, {@code "BD09"}): RFC 7946 knows only WGS-84, so a GCJ-02
 * or BD-09 file is a deliberate deviation for drawing on Chinese maps, made only on request.
 */
final class GeoJsonWriter {

    private GeoJsonWriter() {}

    static String write(ObjectMapper mapper, List<GridFeature> features, Crs crs) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("type", "FeatureCollection");
            gen.writeStringField("crs", crs.name());
            gen.writeArrayFieldStart("features");
            for (GridFeature feature : features) {
                writeFeature(gen, feature, crs);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeFeature(JsonGenerator gen, GridFeature feature, Crs crs) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "Feature");
        gen.writeObjectFieldStart("properties");
        gen.writeStringField("code", feature.code());
        gen.writeStringField("name", feature.name());
        gen.writeStringField("zoneCode", feature.zoneCode());
        gen.writeEndObject();
        gen.writeObjectFieldStart("geometry");
        Geometry geometry = feature.geometry();
        if (geometry instanceof Polygon) {
            gen.writeStringField("type", "Polygon");
            gen.writeFieldName("coordinates");
            writePolygon(gen, (Polygon) geometry, crs);
        } else if (geometry instanceof MultiPolygon) {
            gen.writeStringField("type", "MultiPolygon");
            gen.writeArrayFieldStart("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                writePolygon(gen, (Polygon) geometry.getGeometryN(i), crs);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "grid " + feature.code() + " has unsupported geometry " + geometry.getGeometryType());
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writePolygon(JsonGenerator gen, Polygon polygon, Crs crs) throws IOException {
        gen.writeStartArray();
        writeRing(gen, polygon.getExteriorRing(), true, crs);
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            writeRing(gen, polygon.getInteriorRingN(h), false, crs);
        }
        gen.writeEndArray();
    }

    private static void writeRing(JsonGenerator gen, LinearRing ring, boolean counterClockwise, Crs crs)
            throws IOException {
        CoordinateSequence seq = ring.getCoordinateSequence();
        boolean reverse = Orientation.isCCW(seq) != counterClockwise;
        int n = seq.size();
        gen.writeStartArray();
        for (int i = 0; i < n; i++) {
            Coordinate c = seq.getCoordinate(reverse ? n - 1 - i : i);
            gen.writeStartArray();
            if (crs == Crs.WGS84) {
                gen.writeNumber(c.x);
                gen.writeNumber(c.y);
            } else {
                // the first and last vertex are the same point, so the ring stays closed
                double[] latLng = CoordinateConverter.fromWgs84(crs, c.y, c.x);
                gen.writeNumber(latLng[1]);
                gen.writeNumber(latLng[0]);
            }
            gen.writeEndArray();
        }
        gen.writeEndArray();
    }
}
