package cn.suishoupai.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed openapi/openapi.yaml must be what the code generates. After changing the API,
 * refresh it with: ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

    /** Bare words that mean something different in each feature: prefix them with it (TicketDetail). */
    private static final Set<String> GENERIC =
            Set.of("Body", "Detail", "Item", "Kind", "Ref", "Reason", "State", "Status", "Summary", "Type", "View");

    @Test
    void committedDocumentMatchesTheCode() throws IOException {
        String generated = given().queryParam("format", "yaml")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertEquals(
                committed,
                generated,
                "openapi/openapi.yaml is stale; regenerate it with "
                        + "./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true and commit it");
    }

    /**
     * Client developers see these names. Two records or enums with the same simple name get numbered
     * (Detail, Detail1): give each a name that says what it is with @Schema(name = "...").
     */
    @Test
    void schemaNamesSayWhatTheyAre() throws IOException {
        String generated = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode schemas =
                new ObjectMapper().readTree(generated).path("components").path("schemas");
        List<String> bad = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(name -> {
            if (Character.isDigit(name.charAt(name.length() - 1)) || GENERIC.contains(name)) {
                bad.add(name);
            }
        });
        assertTrue(schemas.size() > 0, "no schemas in the generated document");
        assertTrue(bad.isEmpty(), "ambiguous OpenAPI schema names " + bad + ": add @Schema(name = \"FeatureThing\")");
    }

    /**
     * Issue 14: every coordinate in every answer says which system it is in. A schema with lat has crs
     * beside it, one with fooLat has fooCrs; and every operation answering with one takes the shared
     * crs/Accept-Crs parameters (CrsParameters adds them). The Open311 facade's GeoReport* schemas are the
     * spec's, whose lat/long are WGS-84 by definition and may carry no other field (docs/OPEN311.md).
     */
    @Test
    void everyCoordinateSaysItsSystem() throws IOException {
        JsonNode doc = new ObjectMapper()
                .readTree(given().queryParam("format", "json")
                        .get("/q/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<String> bad = new ArrayList<>();
        int pairs = 0;
        var schemas = doc.path("components").path("schemas").fields();
        while (schemas.hasNext()) {
            var schema = schemas.next();
            if (schema.getKey().startsWith("GeoReport")) {
                continue;
            }
            JsonNode props = schema.getValue().path("properties");
            var names = props.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.equals("lat") || name.endsWith("Lat")) {
                    pairs++;
                    String prefix = name.substring(0, name.length() - 3);
                    String crs = prefix.isEmpty() ? "crs" : prefix + "Crs";
                    String lng = prefix.isEmpty() ? "lng" : prefix + "Lng";
                    if (!props.has(crs) || !props.has(lng)) {
                        bad.add(schema.getKey() + "." + name);
                    }
                }
            }
        }
        assertTrue(pairs >= 10, "expected the views' lat/lng pairs, found " + pairs);
        assertTrue(bad.isEmpty(), "coordinates without their system: " + bad);
        for (String path : List.of(
                "/api/v1/reports/mine",
                "/api/v1/reports/{id}",
                "/api/v1/dispatch/reports",
                "/api/v1/tickets",
                "/api/v1/tickets/{id}",
                "/api/v1/reinspections",
                "/api/v1/admin/grids/export")) {
            String refs =
                    doc.path("paths").path(path).path("get").path("parameters").toString();
            assertTrue(
                    refs.contains("#/components/parameters/crs") && refs.contains("#/components/parameters/Accept-Crs"),
                    path + " does not take the shared crs parameters: " + refs);
        }
        String preview = doc.path("paths")
                .path("/api/v1/routing/preview")
                .path("get")
                .path("parameters")
                .toString();
        assertTrue(preview.contains("#/components/parameters/Accept-Crs"), preview);
    }
}
