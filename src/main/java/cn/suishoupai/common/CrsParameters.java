package cn.suishoupai.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents {@link ResponseCrs} once: the shared parameters {@code crs} (query) and {@code Accept-Crs}
 * (header) in components.parameters, referenced from every operation whose answer carries a coordinate
 * system (a property named crs or ending in Crs, or a GeoJSON body). A new view with coordinates is
 * documented without anyone remembering to.
 */
@OpenApiFilter
public class CrsParameters implements OASFilter {

    static final String SCHEMAS = "#/components/schemas/";
    static final String GEO_JSON = "application/geo+json";

    static final String DESCRIPTION = "The coordinate system of the coordinates in the answer: WGS84 (GPS, "
            + "international maps), GCJ02 (maps in mainland China: WeChat, Tencent, AMap) or BD09 (Baidu). "
            + "Every lat/lng pair in an answer has a crs beside it naming its system. Default: WGS84, except a "
            + "resident's own reports, which answer in the system they were submitted in. The same on every "
            + "endpoint; the Accept-Crs header wins over the crs query parameter. Any other value: 400 "
            + "invalid-parameter.";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Schema> schemas = api.getComponents() == null
                ? Map.of()
                : Objects.requireNonNullElse(api.getComponents().getSchemas(), Map.of());
        boolean used = false;
        for (var item : api.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                if (answersCoordinates(op, schemas)) {
                    used = true;
                    refer(op, ResponseCrs.PARAMETER, Parameter.In.QUERY);
                    refer(op, ResponseCrs.HEADER, Parameter.In.HEADER);
                }
            }
        }
        if (used) {
            Schema crs = schemas.containsKey("Crs")
                    ? OASFactory.createSchema().ref(SCHEMAS + "Crs")
                    : OASFactory.createSchema()
                            .addType(Schema.SchemaType.STRING)
                            .enumeration(List.copyOf(Stream.of(Crs.values())
                                    .map(Enum::name)
                                    .map(Object.class::cast)
                                    .toList()));
            if (api.getComponents() == null) {
                api.setComponents(OASFactory.createComponents());
            }
            api.getComponents()
                    .addParameter(
                            ResponseCrs.PARAMETER,
                            OASFactory.createParameter()
                                    .name(ResponseCrs.PARAMETER)
                                    .in(Parameter.In.QUERY)
                                    .description(DESCRIPTION)
                                    .schema(crs));
            api.getComponents()
                    .addParameter(
                            ResponseCrs.HEADER,
                            OASFactory.createParameter()
                                    .name(ResponseCrs.HEADER)
                                    .in(Parameter.In.HEADER)
                                    .description(DESCRIPTION)
                                    .schema(crs));
        }
    }

    /** Adds the shared parameter unless the operation declares one of that name itself (the routing preview's crs). */
    private static void refer(Operation op, String name, Parameter.In in) {
        if (op.getParameters() != null
                && op.getParameters().stream().anyMatch(p -> name.equals(p.getName()) && in == p.getIn())) {
            return;
        }
        op.addParameter(OASFactory.createParameter().ref(name));
    }

    static boolean answersCoordinates(Operation op, Map<String, Schema> schemas) {
        if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        return op.getResponses().getAPIResponses().values().stream()
                .map(r -> r.getContent())
                .filter(Objects::nonNull)
                .anyMatch(c -> carriesCrs(c, schemas, seen));
    }

    private static boolean carriesCrs(Content content, Map<String, Schema> schemas, Set<String> seen) {
        if (content.getMediaTypes() == null) {
            return false;
        }
        return content.getMediaTypes().entrySet().stream()
                .anyMatch(e -> e.getKey().equals(GEO_JSON)
                        || (e.getValue() != null && carriesCrs(e.getValue().getSchema(), schemas, seen)));
    }

    /** Whether the schema, or one it reaches, has a property crs or …Crs. */
    static boolean carriesCrs(Schema schema, Map<String, Schema> schemas, Set<String> seen) {
        if (schema == null) {
            return false;
        }
        if (schema.getRef() != null) {
            String name =
                    schema.getRef().startsWith(SCHEMAS) ? schema.getRef().substring(SCHEMAS.length()) : schema.getRef();
            return seen.add(name) && carriesCrs(schemas.get(name), schemas, seen);
        }
        if (schema.getProperties() != null) {
            for (var p : schema.getProperties().entrySet()) {
                if (p.getKey().equals("crs") || p.getKey().endsWith("Crs")) {
                    return true;
                }
                if (carriesCrs(p.getValue(), schemas, seen)) {
                    return true;
                }
            }
        }
        return carriesCrs(schema.getItems(), schemas, seen)
                || Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                        .filter(Objects::nonNull)
                        .flatMap(List::stream)
                        .anyMatch(s -> carriesCrs(s, schemas, seen));
    }
}
