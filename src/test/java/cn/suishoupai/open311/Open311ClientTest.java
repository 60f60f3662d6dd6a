package cn.suishoupai.open311;

import static cn.suishoupai.open311.Open311Test.valid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 311 client written against GeoReport v2 alone: it knows the spec's paths and field names (XML, the format the
 * spec requires), an api_key, a jurisdiction_id and a service_code, and nothing of this service's code. It files a
 * request and polls it while the township's staff work the ticket through the normal staff API to closed; each poll
 * must show the request's progress in status, status_notes and updated_datetime.
 */
@QuarkusTest
class Open311ClientTest {

    @Inject
    Fixtures fixtures;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** What a 311 client sees of its request, as the spec names it. */
    record Seen(String status, String statusNotes, OffsetDateTime updated, String agency, String expected) {}

    static Seen poll(String jurisdiction, String id) {
        XmlPath x = new XmlPath(valid(
                given().queryParam("jurisdiction_id", jurisdiction).get("/open311/v2/requests/" + id + ".xml"),
                200,
                "xml",
                "requests"));
        return new Seen(
                x.getString("service_requests.request.status"),
                x.getString("service_requests.request.status_notes"),
                OffsetDateTime.parse(x.getString("service_requests.request.updated_datetime")),
                x.getString("service_requests.request.agency_responsible"),
                x.getString("service_requests.request.expected_datetime"));
    }

    @Test
    void aClientFilesARequestAndFollowsItToClosed() {
        // the township's side: a town, a rule, staff, and a key issued to the client system by an admin
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        String unit = Fixtures.token(fixtures.staff(Set.of("unit"), town.department.id, Set.of()));
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        String apiKey = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "city platform", "townships", List.of(town.township.code)))
                .post("/api/v1/admin/open311-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        String jurisdiction = town.township.code;
        double[] at = town.centre('A', 0, 0);

        // the client: discover the service, file a request
        String services = valid(
                given().queryParam("jurisdiction_id", jurisdiction).get("/open311/v2/services.xml"),
                200,
                "xml",
                "services");
        assertThat(new XmlPath(services).getList("services.service.service_code"))
                .contains(town.fire.code);
        Response filed = given().contentType(ContentType.URLENC.withCharset("UTF-8"))
                .formParam("api_key", apiKey)
                .formParam("jurisdiction_id", jurisdiction)
                .formParam("service_code", town.fire.code)
                .formParam("lat", at[0])
                .formParam("long", at[1])
                .formParam("address_string", "人民路 8 号")
                .formParam("description", "消防通道被杂物堵塞")
                .post("/open311/v2/requests.xml");
        valid(filed, 200, "xml", "request_created");
        String created = filed.asString();
        String id = new XmlPath(created).getString("service_requests.request.service_request_id");
        assertThat(id).isNotBlank();

        List<Seen> seen = new ArrayList<>();
        seen.add(poll(jurisdiction, id));
        assertThat(seen.get(0).status()).isEqualTo("open");
        assertThat(seen.get(0).agency()).isEqualTo(town.department.name);
        assertThat(seen.get(0).expected()).isNotBlank();

        // the staff side, through the normal API: sign, rectify with photos, verify, re-check
        long ticketId = ((Number) given().auth()
                        .oauth2(unit)
                        .queryParam("box", "TO_SIGN")
                        .get("/api/v1/tickets")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("items[0].id"))
                .longValue();
        clock.advance(Duration.ofMinutes(10));
        act(unit, ticketId, "sign", Map.of(), 0);
        seen.add(poll(jurisdiction, id));
        clock.advance(Duration.ofHours(3));
        act(unit, ticketId, "submit-rectification", Map.of("note", "已清理"), 1);
        seen.add(poll(jurisdiction, id));
        clock.advance(Duration.ofMinutes(30));
        act(gridWorker, ticketId, "verify", Map.of("real", "true"), 1);
        clock.advance(Duration.ofMinutes(30));
        act(gridWorker, ticketId, "recheck", Map.of("passed", "true"), 0);
        seen.add(poll(jurisdiction, id));

        Seen last = seen.get(seen.size() - 1);
        assertThat(last.status()).isEqualTo("closed");
        assertThat(last.expected()).isEmpty();
        assertThat(seen.stream().map(Seen::statusNotes).distinct()).hasSize(3); // 已受理 → 处理中 → 已办结
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).updated()).isAfter(seen.get(i - 1).updated());
        }
        // a closed request is listed as closed
        String closed = valid(
                given().queryParam("jurisdiction_id", jurisdiction)
                        .queryParam("status", "closed")
                        .get("/open311/v2/requests.xml"),
                200,
                "xml",
                "requests");
        assertThat(new XmlPath(closed).getList("service_requests.request.service_request_id"))
                .contains(id);
    }

    private static void act(String token, long ticketId, String action, Map<String, String> fields, int photos) {
        RequestSpecification r = given().auth().oauth2(token).contentType("multipart/form-data");
        fields.forEach((k, v) -> r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(v)
                .controlName(k)
                .mimeType("text/plain")
                .charset("UTF-8")
                .build()));
        for (int i = 0; i < photos; i++) {
            r.multiPart("photos", "p" + i + ".jpg", Reports.photo(30, 120, Instant.now(), 77 + i), "image/jpeg");
        }
        if (fields.isEmpty() && photos == 0) {
            given().auth()
                    .oauth2(token)
                    .post("/api/v1/tickets/" + ticketId + "/actions/" + action)
                    .then()
                    .statusCode(200);
            return;
        }
        r.post("/api/v1/tickets/" + ticketId + "/actions/" + action).then().statusCode(200);
    }
}
