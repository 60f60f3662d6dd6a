package cn.suishoupai.open311;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Reports;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.Town;
import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Open311 GeoReport v2 facade through HTTP against PostgreSQL and S3: every endpoint and error in both formats,
 * each answer checked against the JSON Schemas written from the spec (src/test/resources/open311; the XML against the
 * same element structure), the API keys, privacy, and media_url's fetch rules.
 */
@QuarkusTest
class Open311Test {

    static final String BASE = "/open311/v2/";

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    static HttpServer photos;
    static final byte[] JPEG = Reports.photo(30, 120, Instant.now(), 4242);

    Town town;
    Town otherTown;
    String admin;
    String key;
    long keyId;

    @BeforeAll
    static void photoServer() throws Exception {
        photos = HttpServer.create(new InetSocketAddress(0), 0);
        photos.createContext("/photo.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, JPEG.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(JPEG);
            }
        });
        photos.createContext("/page.html", x -> {
            byte[] b = "<html>not a photo</html>".getBytes();
            x.getResponseHeaders().add("Content-Type", "text/html");
            x.sendResponseHeaders(200, b.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        });
        photos.createContext("/moved.jpg", x -> {
            x.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        photos.start();
    }

    @AfterAll
    static void stopPhotoServer() {
        photos.stop(0);
    }

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of(town.villageA.id));
        JsonPath issued = issueKey(admin, "12345 热线 " + Fixtures.unique("k"), List.of(town.township.code), 600, false);
        key = issued.getString("key");
        keyId = issued.getLong("view.id");
    }

    // ------------------------------------------------------------------ helpers

    static JsonPath issueKey(String token, String name, List<String> townships, int perHour, boolean link) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "townships", townships, "perHour", perHour, "linkResidents", link))
                .post("/api/v1/admin/open311-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** The answer in this format, with this status, conforming to the schema. */
    static String valid(Response r, int status, String format, String schema) {
        String body = r.then().extract().asString();
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.contentType())
                .startsWith(format.equals("xml") ? "text/xml" : "application/json")
                .containsIgnoringCase("charset=UTF-8");
        List<String> errors =
                format.equals("xml") ? Open311Schemas.xml(schema, body) : Open311Schemas.json(schema, body);
        assertThat(errors).as(body).isEmpty();
        return body;
    }

    Map<String, String> form(double[] at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("jurisdiction_id", town.township.code);
        f.put("service_code", town.fire.code);
        f.put("lat", String.valueOf(at[0]));
        f.put("long", String.valueOf(at[1]));
        f.put("address_string", "测试路 1 号");
        f.put("description", "楼道堆放杂物，联系人 13912345678");
        f.put("email", "caller@example.org");
        f.put("first_name", "张");
        f.put("last_name", "三");
        f.put("phone", "13812345678");
        return f;
    }

    static Response post(String format, Map<String, String> form) {
        RequestSpecification r = given().contentType(ContentType.URLENC.withCharset("UTF-8"));
        form.forEach(r::formParam);
        return r.post(BASE + "requests." + format);
    }

    long count(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Object one(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    long reportsOfTown() throws Exception {
        return count("select count(*) from report where township_id = ?", town.township.id);
    }

    String photoUrl(String host, String path) {
        return "http://" + host + ":" + photos.getAddress().getPort() + path;
    }

    // ------------------------------------------------------------------ discovery and services

    @Test
    void discoveryServicesAndDefinitionsInBothFormats() {
        for (String f : List.of("json", "xml")) {
            valid(given().get(BASE + "discovery." + f), 200, f, "discovery");
            String services = valid(given().get(BASE + "services." + f), 200, f, "services");
            assertThat(services).contains(town.fire.code).contains("realtime");
            valid(
                    given().queryParam("jurisdiction_id", town.township.code).get(BASE + "services." + f),
                    200,
                    f,
                    "services");
            String def =
                    valid(given().get(BASE + "services/" + town.fire.code + "." + f), 200, f, "service_definition");
            assertThat(def).contains("severity").contains("singlevaluelist").contains("MAJOR");
            valid(given().get(BASE + "services/NO-SUCH." + f), 404, f, "errors");
        }
        String json = given().get(BASE + "services.json").asString();
        assertThat(JsonPath.from(json).getList("findAll { it.service_code == '" + town.fire.code + "' }.type"))
                .containsExactly("realtime");
        String xml = given().get(BASE + "discovery.xml").asString();
        assertThat(xml).startsWith("<?xml").contains("encoding='UTF-8'").contains("?><discovery>");
        assertThat(xml).contains("<format>text/xml</format>");
    }

    @Test
    void unknownJurisdictionsResourcesAndFormatsAre404() {
        for (String f : List.of("json", "xml")) {
            valid(given().queryParam("jurisdiction_id", "NOPE").get(BASE + "services." + f), 404, f, "errors");
            valid(given().queryParam("jurisdiction_id", "NOPE").get(BASE + "requests." + f), 404, f, "errors");
            valid(
                    given().queryParam("jurisdiction_id", "NOPE").get(BASE + "services/" + town.fire.code + "." + f),
                    404,
                    f,
                    "errors");
            valid(given().queryParam("jurisdiction_id", "NOPE").get(BASE + "requests/1." + f), 404, f, "errors");
            valid(given().get(BASE + "requests/999999999999." + f), 404, f, "errors");
            valid(given().get(BASE + "requests/abc." + f), 404, f, "errors");
            Map<String, String> form = form(town.centre('A', 0, 0));
            form.put("jurisdiction_id", "NOPE");
            valid(post(f, form), 404, f, "errors");
        }
        valid(given().get(BASE + "services.yaml"), 404, "xml", "errors");
    }

    // ------------------------------------------------------------------ filing

    @Test
    void writingNeedsAValidKeyAndBadInputChangesNothing() throws Exception {
        long before = reportsOfTown();
        for (String f : List.of("json", "xml")) {
            Map<String, String> form = form(town.centre('A', 0, 0));
            form.remove("api_key");
            assertThat(valid(post(f, form), 403, f, "errors")).contains("api_key");
            form.put("api_key", "o311_not-a-key");
            valid(post(f, form), 403, f, "errors");
            // another township than the key's
            form = form(otherTown.centre('A', 0, 0));
            form.put("jurisdiction_id", otherTown.township.code);
            valid(post(f, form), 403, f, "errors");
            // a point in another township, without jurisdiction_id
            form.remove("jurisdiction_id");
            valid(post(f, form), 403, f, "errors");
        }
        // several fields wrong at once: all of them are listed
        Map<String, String> bad = form(town.centre('A', 0, 0));
        bad.put("service_code", "NO-SUCH");
        bad.put("lat", "95");
        bad.put("long", "abc");
        bad.put("attribute[severity]", "TERRIBLE");
        bad.put("attribute[colour]", "red");
        bad.put("media_url", "ftp://example.org/a.jpg");
        bad.put("description", "x".repeat(1001));
        bad.put("reward", "100");
        String json = valid(post("json", bad), 400, "json", "errors");
        assertThat(JsonPath.from(json).getList("description", String.class))
                .hasSize(8)
                .anyMatch(d -> d.startsWith("service_code"))
                .anyMatch(d -> d.startsWith("lat"))
                .anyMatch(d -> d.startsWith("long"))
                .anyMatch(d -> d.startsWith("attribute[severity]"))
                .anyMatch(d -> d.startsWith("attribute[colour]"))
                .anyMatch(d -> d.contains("http or https"))
                .anyMatch(d -> d.startsWith("description"))
                .anyMatch(d -> d.startsWith("reward"));
        assertThat(JsonPath.from(json).getList("code", Integer.class)).containsOnly(400);
        String xml = valid(post("xml", bad), 400, "xml", "errors");
        assertThat(xml.split("<error>")).hasSize(9);
        // no position at all; an address alone cannot be located
        Map<String, String> noPoint = form(town.centre('A', 0, 0));
        noPoint.remove("lat");
        noPoint.remove("long");
        assertThat(valid(post("json", noPoint), 400, "json", "errors")).contains("address_string");
        noPoint.remove("address_string");
        assertThat(valid(post("json", noPoint), 400, "json", "errors")).contains("lat and long");
        // outside every township
        Map<String, String> nowhere = form(new double[] {10.0, 10.0});
        nowhere.remove("jurisdiction_id");
        assertThat(valid(post("json", nowhere), 400, "json", "errors")).contains("outside-coverage");

        // a revoked key
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/open311-keys/" + keyId + "/revoke")
                .then()
                .statusCode(200)
                .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        valid(post("json", form(town.centre('A', 0, 0))), 403, "json", "errors");
        assertThat(reportsOfTown()).isEqualTo(before);
    }

    @Test
    void aRequestIsRoutedDispatchedAndReadWithPublicFieldsOnly() throws Exception {
        Map<String, String> form = form(town.centre('A', 0, 1));
        form.put("attribute[severity]", "MAJOR");
        String created = valid(post("xml", form), 200, "xml", "request_created");
        String id = created.replaceAll("(?s).*<service_request_id>(\\d+)</service_request_id>.*", "$1");
        assertThat(created).contains("<service_notice>");
        long reportId = Long.parseLong(id);

        // the same intake as the app: routed, dispatched to the rule's unit, audited with the key
        assertThat(one("select reporter_role from report where id = ?", reportId))
                .isEqualTo("partner");
        assertThat(one("select reporter_id from report where id = ?", reportId)).isNull();
        assertThat(one("select t.severity from ticket t join report r on r.ticket_id = t.id where r.id = ?", reportId))
                .isEqualTo("MAJOR");
        assertThat(one(
                        "select t.lead_unit_id from ticket t join report r on r.ticket_id = t.id where r.id = ?",
                        reportId))
                .isEqualTo(town.department.id);
        assertThat(count(
                        "select count(*) from audit_log where action = 'REPORT_SUBMITTED_OPEN311' and target_id = ? "
                                + "and details::jsonb->>'open311KeyId' = ?",
                        id,
                        String.valueOf(keyId)))
                .isEqualTo(1);

        for (String f : List.of("json", "xml")) {
            String body = valid(given().get(BASE + "requests/" + id + "." + f), 200, f, "requests");
            // nothing of the caller's contact details, the reporter or rewards; phone numbers in free text masked
            assertThat(body)
                    .doesNotContain("13812345678")
                    .doesNotContain("13912345678")
                    .doesNotContain("caller@example.org")
                    .doesNotContain("reward")
                    .doesNotContain("reporter");
        }
        JsonPath r = JsonPath.from(valid(given().get(BASE + "requests/" + id + ".json"), 200, "json", "requests"));
        assertThat(r.getString("[0].status")).isEqualTo("open");
        assertThat(r.getString("[0].service_code")).isEqualTo(town.fire.code);
        assertThat(r.getString("[0].agency_responsible")).isEqualTo(town.department.name);
        assertThat(r.getString("[0].expected_datetime")).endsWith("+08:00");
        assertThat(OffsetDateTime.parse(r.getString("[0].requested_datetime")).toInstant())
                .isBefore(Instant.now().plusSeconds(5));
        assertThat(r.getDouble("[0].lat"))
                .isCloseTo(town.centre('A', 0, 1)[0], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.getString("[0].media_url")).isNull();

        // the list and its filters
        String list = valid(
                given().queryParam("jurisdiction_id", town.township.code).get(BASE + "requests.json"),
                200,
                "json",
                "requests");
        assertThat(JsonPath.from(list).getList("service_request_id")).contains(id);
        valid(
                given().queryParam("jurisdiction_id", town.township.code).get(BASE + "requests.xml"),
                200,
                "xml",
                "requests");
        assertThat(ids(given().queryParam("jurisdiction_id", town.township.code)
                        .queryParam("service_request_id", id + ",1")
                        .queryParam("status", "open")
                        .queryParam("service_code", town.fire.code)))
                .containsExactly(id);
        // service_request_id overrides the other filters (the spec's rule), not the jurisdiction
        assertThat(ids(given().queryParam("service_request_id", id).queryParam("status", "closed")))
                .containsExactly(id);
        assertThat(ids(given().queryParam("jurisdiction_id", otherTown.township.code)
                        .queryParam("service_request_id", id)))
                .isEmpty();
        valid(
                given().queryParam("jurisdiction_id", otherTown.township.code).get(BASE + "requests/" + id + ".json"),
                404,
                "json",
                "errors");
        // a window in the past holds nothing; paging
        String old = OffsetDateTime.now(ZoneOffset.ofHours(8))
                .minusDays(60)
                .withNano(0)
                .toString();
        assertThat(ids(given().queryParam("jurisdiction_id", town.township.code).queryParam("end_date", old)))
                .isEmpty();
        valid(post("json", form(town.centre('A', 1, 1))), 200, "json", "request_created");
        assertThat(ids(given().queryParam("jurisdiction_id", town.township.code)
                        .queryParam("page_size", "1")
                        .queryParam("page", "2")))
                .containsExactly(id);
    }

    /** GET requests.json with these parameters: the ids listed, the answer checked against the schema. */
    static List<String> ids(RequestSpecification query) {
        return JsonPath.from(valid(query.get(BASE + "requests.json"), 200, "json", "requests"))
                .getList("service_request_id", String.class);
    }

    @Test
    void serviceRequestIdsFindRequestsOutsideTheDefaultWindowAndOverrideTheOtherFilters() throws Exception {
        String first = JsonPath.from(valid(post("json", form(town.centre('A', 0, 0))), 200, "json", "request_created"))
                .getString("[0].service_request_id");
        String second = JsonPath.from(valid(post("json", form(town.centre('A', 1, 1))), 200, "json", "request_created"))
                .getString("[0].service_request_id");
        clock.advance(Duration.ofDays(100));
        try {
            // the default window is the last 90 days: both are out of it
            assertThat(ids(given().queryParam("jurisdiction_id", town.township.code)))
                    .doesNotContain(first, second);
            // listed by id they are found, whatever the dates, status, service or page say
            assertThat(ids(given().queryParam("jurisdiction_id", town.township.code)
                            .queryParam("service_request_id", first + "," + second)))
                    .containsExactly(second, first);
            String yesterday = OffsetDateTime.now(ZoneOffset.ofHours(8))
                    .plusDays(99)
                    .withNano(0)
                    .toString();
            assertThat(ids(given().queryParam("service_request_id", first + "," + second)
                            .queryParam("start_date", yesterday)
                            .queryParam("status", "closed")
                            .queryParam("service_code", town.reviewed.code)
                            .queryParam("page", "2")
                            .queryParam("page_size", "1")))
                    .containsExactly(second, first);
            String xml = valid(
                    given().queryParam("service_request_id", first).get(BASE + "requests.xml"), 200, "xml", "requests");
            assertThat(xml).contains("<service_request_id>" + first + "</service_request_id>");
            // the other parameters are still checked
            valid(
                    given().queryParam("service_request_id", first)
                            .queryParam("status", "pending")
                            .get(BASE + "requests.json"),
                    400,
                    "json",
                    "errors");
        } finally {
            clock.reset();
        }
    }

    @Test
    void listParametersAreChecked() {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        String long_ago = OffsetDateTime.now(ZoneOffset.ofHours(8))
                .minusDays(91)
                .withNano(0)
                .toString();
        for (String f : List.of("json", "xml")) {
            valid(
                    given().queryParam("start_date", long_ago)
                            .queryParam("end_date", now)
                            .get(BASE + "requests." + f),
                    400,
                    f,
                    "errors");
            valid(given().queryParam("start_date", "yesterday").get(BASE + "requests." + f), 400, f, "errors");
            valid(given().queryParam("status", "pending").get(BASE + "requests." + f), 400, f, "errors");
            valid(given().queryParam("page_size", "100000").get(BASE + "requests." + f), 400, f, "errors");
        }
        String several = valid(
                given().queryParam("start_date", "2026-13-01")
                        .queryParam("status", "x")
                        .queryParam("page", "0")
                        .queryParam("service_code", "NO-SUCH")
                        .get(BASE + "requests.json"),
                400,
                "json",
                "errors");
        assertThat(JsonPath.from(several).getList("description")).hasSize(4);
    }

    @Test
    void aLinkedResidentIsTheReporterButNeverShown() throws Exception {
        Account resident = fixtures.resident();
        Map<String, String> form = form(town.centre('A', 1, 0));
        form.put("account_id", String.valueOf(resident.id));
        // this key may not link residents
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("account_id");
        JsonPath linking = issueKey(admin, Fixtures.unique("app"), List.of(town.township.code), 600, true);
        form.put("api_key", linking.getString("key"));
        String staffId = String.valueOf(fixtures.admin().id);
        form.put("account_id", staffId);
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("account_id");
        form.put("account_id", String.valueOf(resident.id));
        String created = valid(post("json", form), 200, "json", "request_created");
        String id = JsonPath.from(created).getString("[0].service_request_id");
        assertThat(one("select reporter_id from report where id = ?", Long.parseLong(id)))
                .isEqualTo(resident.id);
        assertThat(one("select reporter_role from report where id = ?", Long.parseLong(id)))
                .isEqualTo("resident");
        String read = valid(given().get(BASE + "requests/" + id + ".json"), 200, "json", "requests") + created;
        assertThat(read)
                .doesNotContain(resident.phone)
                .doesNotContain(resident.displayName)
                .doesNotContain(resident.wechatOpenid)
                .doesNotContain("\"account_id\":\"" + resident.id);
    }

    @Test
    void mediaUrlIsFetchedUnderTheUploadChecksAndNeverFromPrivateAddresses() throws Exception {
        long before = reportsOfTown();
        Map<String, String> form = form(town.centre('B', 0, 0));
        // loopback by address: refused by default (only the test's host name localhost is allowed)
        form.put("media_url", photoUrl("127.0.0.1", "/photo.jpg"));
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("not a public address");
        form.put("media_url", "http://169.254.169.254/latest/meta-data/");
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("not a public address");
        form.put("media_url", "http://[::1]:" + photos.getAddress().getPort() + "/photo.jpg");
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("not a public address");
        form.put("media_url", "file:///etc/passwd");
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("http or https");
        // an allowed host: not a photo, a redirect (never followed), a missing file
        form.put("media_url", photoUrl("localhost", "/page.html"));
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("photo-unsupported-type");
        form.put("media_url", photoUrl("localhost", "/moved.jpg"));
        assertThat(valid(post("xml", form), 400, "xml", "errors")).contains("302");
        form.put("media_url", photoUrl("localhost", "/missing.jpg"));
        assertThat(valid(post("json", form), 400, "json", "errors")).contains("404");
        assertThat(reportsOfTown()).isEqualTo(before);

        form.put("media_url", photoUrl("localhost", "/photo.jpg"));
        String id = JsonPath.from(valid(post("json", form), 200, "json", "request_created"))
                .getString("[0].service_request_id");
        assertThat(count("select count(*) from photo where report_id = ?", Long.parseLong(id)))
                .isEqualTo(1);
        String media = JsonPath.from(valid(given().get(BASE + "requests/" + id + ".json"), 200, "json", "requests"))
                .getString("[0].media_url");
        // a short-lived signed link to the display copy, not the partner's URL
        assertThat(media)
                .contains("X-Amz-Expires=")
                .doesNotContain(":" + photos.getAddress().getPort() + "/");
    }

    @Test
    void keysAreRateLimited() {
        JsonPath tight = issueKey(admin, Fixtures.unique("tight"), List.of(town.township.code), 2, false);
        Map<String, String> form = form(town.centre('A', 0, 0));
        form.put("api_key", tight.getString("key"));
        form.put("service_code", "NO-SUCH");
        valid(post("json", form), 400, "json", "errors");
        valid(post("xml", form), 400, "xml", "errors");
        Response spent = post("json", form);
        valid(spent, 429, "json", "errors");
        assertThat(spent.header("Retry-After")).isNotBlank();
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keysAreIssuedOnceStoredHashedScopedAndRevocable() throws Exception {
        assertThat(key).startsWith("o311_").hasSizeGreaterThan(30);
        assertThat(count("select count(*) from open311_key where key_hash = ? or key_prefix = ?", key, key))
                .isZero();
        String list = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/open311-keys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains("\"id\":" + keyId).doesNotContain(key);
        assertThat(count(
                        "select count(*) from audit_log where action = 'OPEN311_KEY_ISSUED' and target_id = ?",
                        String.valueOf(keyId)))
                .isEqualTo(1);

        // roles and scope
        String dispatcher = Fixtures.token(town.dispatcher());
        given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/admin/open311-keys")
                .then()
                .statusCode(403);
        given().get("/api/v1/admin/open311-keys").then().statusCode(401);
        String regional = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(otherTown.township.id)));
        given().auth()
                .oauth2(regional)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "townships", List.of(town.township.code)))
                .post("/api/v1/admin/open311-keys")
                .then()
                .statusCode(403);
        assertThat(given().auth()
                        .oauth2(regional)
                        .get("/api/v1/admin/open311-keys")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain("\"id\":" + keyId + ",");
        given().auth()
                .oauth2(regional)
                .post("/api/v1/admin/open311-keys/" + keyId + "/revoke")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/open311-keys/999999999/revoke")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", " ", "townships", List.of("NOPE"), "perHour", 0))
                .post("/api/v1/admin/open311-keys")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "townships", List.of("NOPE")))
                .post("/api/v1/admin/open311-keys")
                .then()
                .statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("townships[0]"));

        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/open311-keys/" + keyId + "/revoke")
                .then()
                .statusCode(200);
        assertThat(count(
                        "select count(*) from audit_log where action = 'OPEN311_KEY_REVOKED' and target_id = ?",
                        String.valueOf(keyId)))
                .isEqualTo(1);
    }
}
