package cn.suishoupai.region;

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

/** Streams grids out as a GeoJSON FeatureCollection (no intermediate tree for 10,000s of grids). */
final class GeoJsonWriter {

    private GeoJsonWriter() {}

    static String write(ObjectMapper mapper, List<GridFeature> features) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("type", "FeatureCollection");
            gen.writeArrayFieldStart("features");
            for (GridFeature feature : features) {
                writeFeature(gen, feature);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeFeature(JsonGenerator gen, GridFeature feature) throws IOException {
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
            writePolygon(gen, (Polygon) geometry);
        } else if (geometry instanceof MultiPolygon) {
            gen.writeStringField("type", "MultiPolygon");
            gen.writeArrayFieldStart("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                writePolygon(gen, (Polygon) geometry.getGeometryN(i));
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "grid " + feature.code() + " has unsupported geometry " + geometry.getGeometryType());
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    private static void writePolygon(JsonGenerator gen, Polygon polygon) throws IOException {
        gen.writeStartArray();
        writeRing(gen, polygon.getExteriorRing(), true);
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            writeRing(gen, polygon.getInteriorRingN(h), false);
        }
        gen.writeEndArray();
    }

    private static void writeRing(JsonGenerator gen, LinearRing ring, boolean counterClockwise) throws IOException {
        CoordinateSequence seq = ring.getCoordinateSequence();
        boolean reverse = Orientation.isCCW(seq) != counterClockwise;
        int n = seq.size();
        gen.writeStartArray();
        for (int i = 0; i < n; i++) {
            Coordinate c = seq.getCoordinate(reverse ? n - 1 - i : i);
            gen.writeStartArray();
            gen.writeNumber(c.x);
            gen.writeNumber(c.y);
            gen.writeEndArray();
        }
        gen.writeEndArray();
    }
}
