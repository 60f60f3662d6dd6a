package cn.suishoupai.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built web apps as the service serves them (the Maven build writes them into
 * target/classes/META-INF/resources before the tests; skipped when built with -Dwebui.skip).
 */
@QuarkusTest
class WebAppsTest {

    static final Path BUILT = Path.of("target/classes/META-INF/resources");

    @BeforeAll
    static void built() {
        Assumptions.assumeTrue(
                Files.exists(BUILT.resolve("console/index.html")) && Files.exists(BUILT.resolve("h5/index.html")),
                "web apps not built (-Dwebui.skip)");
    }

    private static String firstScript(String app) throws Exception {
        String html = Files.readString(BUILT.resolve(app + "/index.html"));
        Matcher m = Pattern.compile("src=\"(/" + app + "/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "h5"})
    void theIndexAndEveryClientRouteAreTheAppsPageRevalidatedWithTheCsp(String app) throws Exception {
        String index = Files.readString(BUILT.resolve(app + "/index.html"));
        for (String path :
                new String[] {"/" + app + "/", "/" + app + "/index.html", "/" + app + "/some/deep/route?x=1"}) {
            var r = given().get(path)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .extract();
            assertEquals(index, r.asString(), path);
            String csp = r.header("Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self';"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            // photos are presigned links to the object store: its origin is allowed for images
            String storage = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("suishoupai.storage.endpoint", String.class);
            assertTrue(csp.contains("img-src 'self' data: blob: " + storage.replaceAll("/+$", "")), csp);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "h5"})
    void hashedAssetsAreImmutableAndAMissingOneIsA404NotThePage(String app) throws Exception {
        given().get(firstScript(app))
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Content-Security-Policy", (String) null);
        given().get("/" + app + "/assets/missing-0000.js")
                .then()
                .statusCode(404)
                .header("Cache-Control", not(containsString("immutable")))
                .body(not(containsString("<div id=\"app\"")));
        given().get("/" + app + "/missing.png").then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "h5"})
    void theAppWithoutItsSlashRedirects(String app) {
        given().config(RestAssured.config()
                        .redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                .get("/" + app + "?redirect=/x")
                .then()
                .statusCode(301)
                .header("Location", equalTo("/" + app + "/?redirect=%2Fx")); // the query as sent
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "h5"})
    void onlyGetAndHeadServeThePage(String app) {
        given().head("/" + app + "/some/route").then().statusCode(200).header("Cache-Control", "no-cache");
        int status = given().post("/" + app + "/some/route").then().extract().statusCode();
        assertTrue(status >= 400 && status < 500, "POST to a page: " + status);
    }
}
