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
}
