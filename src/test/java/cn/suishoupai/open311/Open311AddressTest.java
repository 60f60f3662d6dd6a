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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST requests with an address_string and no lat/long: placed at the representative point of the region of the
 * key's townships it names (routing.Gazetteer), queued for a dispatcher (APPROXIMATE_LOCATION) with the address kept,
 * never auto-dispatched; an address naming nothing, or several regions at the same level, is 400 naming
 * address_string and changes nothing.
 */
@QuarkusTest
class Open311AddressTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    Town town;
    Town otherTown;
    String admin;
    String key;

    @BeforeEach
    void setUp() {
        admin = Fixtures.token(fixtures.admin());
        town = new Town(fixtures, admin);
        otherTown = new Town(fixtures, admin);
        rename(town.township.id, "青山镇");
        rename(town.zoneA.id, "浔龙河片区");
        rename(town.zoneB.id, "双河片区");
        rename(otherTown.zoneA.id, "金石片区");
        // FIRE auto-dispatches a report with a point: one placed from an address must still wait
        town.rule(town.fire.code, town.township.id, town.department.id, Set.of());
        key = Open311Test.issueKey(admin, Fixtures.unique("addr"), List.of(town.township.code), 600, false)
                .getString("key");
    }

    void rename(long regionId, String name) {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .patch("/api/v1/admin/regions/" + regionId)
                .then()
                .statusCode(200);
        Town.routeByTheNewData();
    }

    Map<String, String> form(String address) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("service_code", town.fire.code);
        f.put("address_string", address);
        f.put("description", "消防通道被杂物堵塞");
        return f;
    }

    Object[] row(String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object[] out = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getObject(i + 1);
                }
                return out;
            }
        }
    }

    long reports() throws Exception {
        return ((Number) row(
                        "select count(*) from report where township_id in (?, ?)",
                        town.township.id,
                        otherTown.township.id)[0])
                .longValue();
    }

    @Test
    void anAddressNamingAZoneIsPlacedInsideItAndWaitsForADispatcher() throws Exception {
        String created = valid(post("xml", form("浔龙河村 3 组 村部门口")), 200, "xml", "request_created");
        long id = Long.parseLong(created.replaceAll("(?s).*<service_request_id>(\\d+)</service_request_id>.*", "$1"));
        assertThat(created).contains("浔龙河片区").contains("dispatcher");

        Object[] r = row(
                "select ticket_id, status, review_reasons::text, address, lat, lng, grid_id from report where id = ?",
                id);
        assertThat(r[0]).as("never auto-dispatched").isNull();
        assertThat(r[1]).isEqualTo("PENDING_REVIEW");
        assertThat((String) r[2]).contains("APPROXIMATE_LOCATION");
        assertThat(r[3]).isEqualTo("浔龙河村 3 组 村部门口");
        // zone A is columns 0-1 of the town's 2 x 4 cells: the point is inside it, and routed to one of its grids
        double lat = ((Number) r[4]).doubleValue();
        double lng = ((Number) r[5]).doubleValue();
        assertThat(lat).isBetween(town.minLat, town.minLat + 2 * Town.CELL);
        assertThat(lng).isBetween(town.minLng, town.minLng + 2 * Town.CELL);
        assertThat((Long) row("select parent_id from region where id = ?", r[6])[0])
                .isEqualTo(town.zoneA.id);

        // the dispatcher sees it in the queue with the reason and the address as given
        String dispatcher = Fixtures.token(town.dispatcher());
        JsonPath queued = given().auth()
                .oauth2(dispatcher)
                .get("/api/v1/dispatch/reports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(queued.getList("report.reviewReasons", String.class)).contains("APPROXIMATE_LOCATION");
        assertThat(queued.getString("report.address")).isEqualTo("浔龙河村 3 组 村部门口");
        // audited as usual, with where it was placed
        assertThat(row(
                        "select details::jsonb #>> '{placedFromAddress,regionCode}' from audit_log "
                                + "where action = 'REPORT_SUBMITTED_OPEN311' and target_id = ?",
                        String.valueOf(id))[0])
                .isEqualTo(town.zoneA.code);
        // and read back through Open311 at that point, still open
        JsonPath read = JsonPath.from(valid(given().get(BASE + "requests/" + id + ".json"), 200, "json", "requests"));
        assertThat(read.getDouble("[0].lat")).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(read.getString("[0].status")).isEqualTo("open");
    }

    @Test
    void aGridOrTheTownshipAloneIsPlacedInsideIt() throws Exception {
        // a grid's name (as the demo data names them): the point is the grid's interior point, the centre of its square
        String grid = town.gridCode('B', 1, 0);
        rename(((Number) row("select id from region where code = ?", grid)[0]).longValue(), "双河片区第2网格");
        String created = valid(post("json", form("双河片区 第2网格东侧")), 200, "json", "request_created");
        long id = Long.parseLong(JsonPath.from(created).getString("[0].service_request_id"));
        Object[] r = row("select lat, lng, grid_id, ticket_id from report where id = ?", id);
        double[] centre = town.centre('B', 1, 0);
        assertThat(((Number) r[0]).doubleValue()).isCloseTo(centre[0], org.assertj.core.data.Offset.offset(1e-6));
        assertThat(((Number) r[1]).doubleValue()).isCloseTo(centre[1], org.assertj.core.data.Offset.offset(1e-6));
        assertThat(row("select code from region where id = ?", r[2])[0]).isEqualTo(grid);
        assertThat(r[3]).isNull();
        // the township only ("青山" without 镇 too): somewhere inside its grids
        created = valid(post("json", form("青山 政府门口")), 200, "json", "request_created");
        id = Long.parseLong(JsonPath.from(created).getString("[0].service_request_id"));
        r = row("select lat, lng, township_id, ticket_id, review_reasons::text from report where id = ?", id);
        assertThat(((Number) r[0]).doubleValue()).isBetween(town.minLat, town.minLat + 2 * Town.CELL);
        assertThat(((Number) r[1]).doubleValue()).isBetween(town.minLng, town.minLng + 4 * Town.CELL);
        assertThat(r[2]).isEqualTo(town.township.id);
        assertThat(r[3]).isNull();
        assertThat((String) r[4]).contains("APPROXIMATE_LOCATION");
    }

    @Test
    void anAddressNamingNothingOrSeveralPlacesIs400NamingAddressString() throws Exception {
        long before = reports();
        for (String f : List.of("json", "xml")) {
            // nothing of the jurisdiction: a street, or a zone of a township outside the key's
            for (String address : List.of("人民路 1 号", "金石村 5 组")) {
                String body = valid(post(f, form(address)), 400, f, "errors");
                assertThat(body).contains("address_string").contains("names no");
            }
            // two zones at the same level
            String body = valid(post(f, form("浔龙河村和双河村交界处")), 400, f, "errors");
            assertThat(body).contains("address_string").contains("ambiguous");
            assertThat(body).contains("浔龙河片区").contains("双河片区");
        }
        // listed with every other bad field
        Map<String, String> bad = form("人民路 1 号");
        bad.put("service_code", "NO-SUCH");
        String json = valid(post("json", bad), 400, "json", "errors");
        assertThat(JsonPath.from(json).getList("description", String.class))
                .hasSize(2)
                .anyMatch(d -> d.startsWith("address_string"))
                .anyMatch(d -> d.startsWith("service_code"));
        assertThat(reports()).isEqualTo(before);
    }
}
