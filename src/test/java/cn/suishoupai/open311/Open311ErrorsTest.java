package cn.suishoupai.open311;

import static cn.suishoupai.open311.Open311Test.BASE;
import static cn.suishoupai.open311.Open311Test.post;
import static cn.suishoupai.open311.Open311Test.valid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error of /open311/v2 is the spec's errors list in the format of the path's suffix (XML without one), also the
 * framework's (405, 415, a malformed form body, the text rules, unknown paths) and the rate limit's 429; and the
 * status filter of GET requests pages over matching rows only.
 */
@QuarkusTest
class Open311ErrorsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    Town town;
    String admin;
    String key;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        key = Open311Test.issueKey(admin, Fixtures.unique("errors"), List.of(town.township.code), 600, false)
                .getString("key");
    }

    Map<String, String> form(String category, double[] at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("jurisdiction_id", town.township.code);
        f.put("service_code", category);
        f.put("lat", String.valueOf(at[0]));
        f.put("long", String.valueOf(at[1]));
        f.put("description", "消防通道堵塞");
        return f;
    }

    long reportsOfTown() throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from report where township_id = ?")) {
            ps.setLong(1, town.township.id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<String> descriptions(String json) {
        return JsonPath.from(json).getList("description", String.class);
    }

    @Test
    void unknownPathsAndFormatsAre404InTheAskedFormatXmlByDefault() {
        valid(given().get(BASE + "nothing.json"), 404, "json", "errors");
        valid(given().get(BASE + "nothing.xml"), 404, "xml", "errors");
        // no suffix, or one the spec does not know: XML, the spec's default
        assertThat(valid(given().get(BASE + "discovery"), 404, "xml", "errors")).contains("discovery");
        valid(given().get(BASE + "services.yaml"), 404, "xml", "errors");
        valid(given().get(BASE + "requests/1.csv"), 404, "xml", "errors");
        valid(given().get("/open311/v2"), 404, "xml", "errors");
        valid(given().get(BASE), 404, "xml", "errors");
        valid(given().get(BASE + "requests.json/more.json"), 404, "json", "errors");
        valid(given().get(BASE + "services/" + town.fire.code + "/attributes.json"), 404, "json", "errors");
        Response unknownPost = given().contentType(ContentType.URLENC)
                .formParam("api_key", key)
                .post(BASE + "tokens.json");
        valid(unknownPost, 404, "json", "errors");
    }

    @Test
    void theFrameworksRefusalsAreErrorsListsToo() throws Exception {
        long before = reportsOfTown();
        // another method: the framework's 405 is the spec's 400
        for (String f : List.of("json", "xml")) {
            Response put = given().contentType(ContentType.URLENC)
                    .formParam("api_key", key)
                    .put(BASE + "requests." + f);
            assertThat(valid(put, 400, f, "errors")).contains("method-not-allowed");
            valid(given().delete(BASE + "requests/1." + f), 400, f, "errors");
            valid(given().patch(BASE + "discovery." + f), 400, f, "errors");
        }
        // a body that is not a form: the framework's 415, as 400
        Response json = given().contentType(ContentType.JSON)
                .body("{\"api_key\":\"" + key + "\"}")
                .post(BASE + "requests.json");
        assertThat(descriptions(valid(json, 400, "json", "errors")))
                .anyMatch(d -> d.contains("unsupported-media-type"));
        valid(
                given().contentType(ContentType.XML).body("<request/>").post(BASE + "requests.xml"),
                400,
                "xml",
                "errors");
        // a malformed form body: broken percent-encoding, bytes that are not UTF-8
        Response broken = given().config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)))
                .contentType("application/x-www-form-urlencoded")
                .body("api_key=" + key + "&service_code=%zz&lat=%")
                .post(BASE + "requests.json");
        valid(broken, 400, "json", "errors");
        byte[] latin1 = ("api_key=" + key + "&description=caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Response notUtf8 = given().config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)))
                .contentType("application/x-www-form-urlencoded")
                .body(latin1)
                .post(BASE + "requests.xml");
        assertThat(notUtf8.statusCode()).isIn(400);
        valid(notUtf8, 400, "xml", "errors");
        // a control character in a form field or query parameter (the service's text rules): 400 naming it
        Map<String, String> control = form(town.fire.code, town.centre('A', 0, 0));
        control.put("description", "line\u0007bell");
        assertThat(descriptions(valid(post("json", control), 400, "json", "errors")))
                .anyMatch(d -> d.startsWith("description"));
        assertThat(valid(
                        given().queryParam("service_code", "A\u0001").get(BASE + "requests.xml"), 400, "xml", "errors"))
                .contains("service_code");
        // the Accept header does not choose the format (the suffix does): never a 406
        valid(given().accept("image/png").get(BASE + "services.json"), 200, "json", "services");
        assertThat(reportsOfTown()).isEqualTo(before);
    }

    @Test
    void aSpentKeyBudgetIs429InBothFormats() {
        String tight = Open311Test.issueKey(admin, Fixtures.unique("tight"), List.of(town.township.code), 1, false)
                .getString("key");
        Map<String, String> form = form("NO-SUCH", town.centre('A', 0, 0));
        form.put("api_key", tight);
        valid(post("xml", form), 400, "xml", "errors");
        for (String f : List.of("xml", "json")) {
            Response spent = post(f, form);
            assertThat(valid(spent, 429, f, "errors")).contains("open311-rate-limited");
            assertThat(spent.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void theStatusFilterPagesOverMatchingRequestsOnly() {
        String dispatcher = Fixtures.token(town.dispatcher());
        // five queued requests (the reviewed category), three of them then refused: closed
        List<String> ids = new ArrayList<>();
        double[][] at = {
            town.centre('A', 0, 0),
            town.centre('A', 0, 1),
            town.centre('A', 1, 0),
            town.centre('A', 1, 1),
            town.centre('B', 0, 0)
        };
        for (double[] p : at) {
            ids.add(JsonPath.from(valid(post("json", form(town.reviewed.code, p)), 200, "json", "request_created"))
                    .getString("[0].service_request_id"));
        }
        for (String id : List.of(ids.get(0), ids.get(2), ids.get(4))) {
            given().auth()
                    .oauth2(dispatcher)
                    .contentType(ContentType.JSON)
                    .body("{\"reason\":\"NOT_A_HAZARD\"}")
                    .post("/api/v1/dispatch/reports/" + id + "/actions/reject")
                    .then()
                    .statusCode(200);
        }
        // newest first; a page of two holds two closed requests, the next the last one, the one after nothing
        assertThat(page("closed", 1, 2)).containsExactly(ids.get(4), ids.get(2));
        assertThat(page("closed", 2, 2)).containsExactly(ids.get(0));
        assertThat(page("closed", 3, 2)).isEmpty();
        assertThat(page("open", 1, 1)).containsExactly(ids.get(3));
        assertThat(page("open", 2, 1)).containsExactly(ids.get(1));
        assertThat(page("open", 3, 1)).isEmpty();
        assertThat(page("open,closed", 2, 2)).containsExactly(ids.get(2), ids.get(1));
        String xml = valid(
                given().queryParam("jurisdiction_id", town.township.code)
                        .queryParam("status", "closed")
                        .queryParam("page_size", "2")
                        .queryParam("page", "2")
                        .get(BASE + "requests.xml"),
                200,
                "xml",
                "requests");
        assertThat(xml).contains("<service_request_id>" + ids.get(0) + "</service_request_id>");
        assertThat(xml.split("<request>")).hasSize(2);
    }

    List<String> page(String status, int page, int size) {
        String body = valid(
                given().queryParam("jurisdiction_id", town.township.code)
                        .queryParam("status", status)
                        .queryParam("page", page)
                        .queryParam("page_size", size)
                        .get(BASE + "requests.json"),
                200,
                "json",
                "requests");
        return JsonPath.from(body).getList("service_request_id", String.class);
    }
}
