package cn.suishoupai.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed openapi/openapi.yaml must be what the code generates. After changing the API,
 * refresh it with: ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

    @Test
    void committedDocumentMatchesTheCode() throws IOException {
        String generated = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        assertEquals(committed, generated, "openapi/openapi.yaml is stale; regenerate it with "
                + "./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true and commit it");
    }
}
