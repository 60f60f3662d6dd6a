package cn.suishoupai.routing;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An admin scoped to one township administers that township only. */
@QuarkusTest
class AdminScopeTest {

    @Inject
    Fixtures fixtures;

    Town mine;
    Town other;
    String townAdmin;

    @BeforeEach
    void setUp() {
        String root = Fixtures.token(fixtures.admin());
        mine = new Town(fixtures, root);
        other = new Town(fixtures, root);
        townAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id)));
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void regionsAndRulesOfTheOwnTownshipOnly() {
        as(townAdmin)
                .body(Map.of("name", "本镇改名"))
                .patch("/api/v1/admin/regions/" + mine.zoneA.id)
                .then()
                .statusCode(200);
        assertProblem(
                as(townAdmin)
                        .body(Map.of("name", "他镇改名"))
                        .patch("/api/v1/admin/regions/" + other.zoneA.id)
                        .then(),
                404,
                "region-not-found");
        assertProblem(
                as(townAdmin)
                        .body(Map.of(
                                "code",
                                Fixtures.unique("z"),
                                "name",
                                "x",
                                "level",
                                "ZONE",
                                "parentId",
                                other.township.id))
                        .post("/api/v1/admin/regions")
                        .then(),
                403,
                "out-of-scope");
        as(townAdmin)
                .body(Map.of("regionId", mine.zoneA.id, "target", "TERRITORIAL"))
                .post("/api/v1/admin/routing-rules")
                .then()
                .statusCode(201);
        assertProblem(
                as(townAdmin)
                        .body(Map.of("regionId", other.zoneA.id, "target", "TERRITORIAL"))
                        .post("/api/v1/admin/routing-rules")
                        .then(),
                403,
                "out-of-scope");
    }

    @Test
    void gridImportIntoAnotherTownshipIsRefused() {
        as(townAdmin)
                .contentType("application/geo+json")
                .body(mine.geoJson())
                .post("/api/v1/admin/grids/import")
                .then()
                .statusCode(200);
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + Town.feature(
                        Fixtures.unique("g"),
                        other.zoneA.code,
                        Town.square(other.minLat + 0.05, other.minLng + 0.05, 0.005))
                + "]}";
        assertProblem(
                as(townAdmin)
                        .contentType("application/geo+json")
                        .body(json)
                        .post("/api/v1/admin/grids/import")
                        .then(),
                403,
                "out-of-scope");
    }

    @Test
    void staffOfTheOwnTownshipOnlyAndNothingServiceWide() {
        as(townAdmin)
                .body(Map.of(
                        "username",
                        Fixtures.unique("d"),
                        "displayName",
                        "x",
                        "password",
                        "Strong-pass1",
                        "roles",
                        Set.of("dispatcher"),
                        "regionIds",
                        Set.of(mine.zoneB.id)))
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201);
        assertProblem(
                as(townAdmin)
                        .body(Map.of(
                                "username",
                                Fixtures.unique("d"),
                                "displayName",
                                "x",
                                "password",
                                "Strong-pass1",
                                "roles",
                                Set.of("dispatcher"),
                                "regionIds",
                                Set.of(other.township.id)))
                        .post("/api/v1/admin/accounts")
                        .then(),
                403,
                "out-of-scope");
        assertProblem(
                as(townAdmin)
                        .body(Map.of(
                                "username",
                                Fixtures.unique("f"),
                                "displayName",
                                "x",
                                "password",
                                "Strong-pass1",
                                "roles",
                                Set.of("finance")))
                        .post("/api/v1/admin/accounts")
                        .then(),
                403,
                "out-of-scope");
        Account otherUnitStaff = fixtures.staff(Set.of("unit"), other.department.id, Set.of());
        assertProblem(
                as(townAdmin)
                        .post("/api/v1/admin/accounts/" + otherUnitStaff.id + "/actions/disable")
                        .then(),
                404,
                "account-not-found");
        Account myUnitStaff = fixtures.staff(Set.of("unit"), mine.department.id, Set.of());
        as(townAdmin)
                .post("/api/v1/admin/accounts/" + myUnitStaff.id + "/actions/disable")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        // the account list shows this township's staff only
        as(townAdmin)
                .queryParam("size", 200)
                .get("/api/v1/admin/accounts")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(myUnitStaff.id.intValue()))
                .body(
                        "items.id",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(otherUnitStaff.id.intValue())));
        assertProblem(
                as(townAdmin).get("/api/v1/admin/accounts/" + otherUnitStaff.id).then(), 404, "account-not-found");
    }

    @Test
    void serviceWideThingsNeedAServiceWideAdmin() {
        assertProblem(
                as(townAdmin)
                        .body(Map.of(
                                "code",
                                Fixtures.unique("C"),
                                "nameZh",
                                "x",
                                "nameEn",
                                "x",
                                "defaultSeverity",
                                "GENERAL"))
                        .post("/api/v1/admin/categories")
                        .then(),
                403,
                "out-of-scope");
        assertProblem(as(townAdmin).get("/api/v1/admin/audit-log").then(), 403, "out-of-scope");
        assertProblem(
                as(townAdmin)
                        .body(Map.of(
                                "code",
                                Fixtures.unique("u"),
                                "name",
                                "x",
                                "type",
                                "DEPARTMENT",
                                "regionIds",
                                Set.of(other.township.id)))
                        .post("/api/v1/admin/units")
                        .then(),
                403,
                "out-of-scope");
    }
}
