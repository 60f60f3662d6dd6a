package cn.suishoupai.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Production's {@code /q/openapi} (the extension off, as {@code %prod} sets it): the committed document as it is,
 * YAML by default, JSON when asked for either way.
 */
@QuarkusTest
@TestProfile(StaticOpenApiTest.ExtensionOff.class)
class StaticOpenApiTest {

    public static class ExtensionOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-openapi.enabled", "false");
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    private static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

    @Test
    void servesTheCommittedDocumentAsItIs() throws Exception {
        String served = given().get("/q/openapi")
                .then()
                .statusCode(200)
                .contentType("application/yaml")
                .extract()
                .asString();
        assertThat(served).isEqualTo(Files.readString(COMMITTED));
        assertThat(given().queryParam("format", "yaml")
                        .get("/q/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo(served);
    }

    @Test
    void jsonWhenAskedForByParameterOrAccept() throws Exception {
        JsonNode committed = new ObjectMapper(new YAMLFactory()).readTree(COMMITTED.toFile());
        String byParam = jsonAnswer(given().queryParam("format", "json"));
        assertThat(new ObjectMapper().readTree(byParam)).isEqualTo(committed);
        assertThat(committed.path("paths").has("/api/v1/uploads")).isTrue();
        String byAccept = jsonAnswer(given().accept("application/json"));
        assertThat(byAccept).isEqualTo(byParam);
    }

    private static String jsonAnswer(RequestSpecification request) {
        return request.get("/q/openapi")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
    }

    @Test
    void onlyGet() {
        given().post("/q/openapi").then().statusCode(anyOf(is(404), is(405)));
        given().delete("/q/openapi").then().statusCode(anyOf(is(404), is(405)));
    }
}
