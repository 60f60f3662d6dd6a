package cn.suishoupai.web;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GET /api/v1/web/config: the map settings the console draws with; the tile origins in the CSP. */
@QuarkusTest
class WebSettingsTest {

    @Inject
    Fixtures fixtures;

    @Test
    void anySignedInAccountReadsTheMapSettingsNoTilesByDefault() {
        String resident = fixtures.tokenFor(fixtures.resident().id);
        given().auth()
                .oauth2(resident)
                .get("/api/v1/web/config")
                .then()
                .statusCode(200)
                .body("map.tileUrl", nullValue())
                .body("map.crs", equalTo("WGS84"))
                .body("map.maxZoom", equalTo(18));
        assertProblem(given().get("/api/v1/web/config").then(), 401, "unauthenticated");
    }

    @Test
    void aTileTemplateStandsForOneOriginPerSubdomain() {
        String tianditu = "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY";
        List<String> urls = MapSettings.origins(tianditu, "012");
        assertEquals(3, urls.size());
        String csp = ContentSecurityPolicy.of(Optional.empty(), urls, List.of());
        assertTrue(
                csp.contains("img-src 'self' data: blob: https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn "
                        + "https://t2.tianditu.gov.cn;"),
                csp);
        assertEquals(
                List.of("https://tiles.example.cn/{z}/{x}/{y}.png"),
                MapSettings.origins("https://tiles.example.cn/{z}/{x}/{y}.png", "abc"));
        assertEquals(List.of(), MapSettings.origins(" ", "abc"));
    }
}
