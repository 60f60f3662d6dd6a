package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.Region;
import cn.suishoupai.region.Unit;
import cn.suishoupai.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountAdminTest {

    @Inject
    Fixtures fixtures;

    Account admin;
    String adminToken;
    Region township;
    Unit unit;

    @BeforeEach
    void setUp() {
        admin = fixtures.admin();
        adminToken = Fixtures.token(admin);
        township = fixtures.township();
        unit = fixtures.unit(township.id);
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private Map<String, Object> dispatcher(String username) {
        return Map.of(
                "username",
                username,
                "displayName",
                "调度员",
                "password",
                "Strong-pass1",
                "roles",
                Set.of("dispatcher"),
                "regionIds",
                Set.of(township.id));
    }

    @Test
    void adminCreatesAStaffAccountThatCanLogIn() {
        String username = Fixtures.unique("disp");
        int id = as(adminToken)
                .body(dispatcher(username))
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/admin/accounts/"))
                .body("username", equalTo(username))
                .body("roles", contains("dispatcher"))
                .body("regionIds", contains(township.id.intValue()))
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")))
                .extract()
                .path("id");
        Fixtures.login(username, "Strong-pass1");
        as(adminToken)
                .get("/api/v1/admin/accounts/" + id)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true));
        assertEquals(1, LoginTest.auditCount("account.create", id));
        given().auth()
                .oauth2(adminToken)
                .queryParam("action", "account.create")
                .queryParam("targetId", String.valueOf(id))
                .get("/api/v1/admin/audit-log")
                .then()
                .statusCode(200)
                .body("items[0].actorId", equalTo(admin.id.intValue()))
                .body("items[0].clientIp", equalTo("127.0.0.1"));
    }

    @Test
    void unitAccountNeedsItsUnitAndNoRegions() {
        assertProblem(
                        as(adminToken)
                                .body(Map.of(
                                        "username",
                                        Fixtures.unique("u"),
                                        "displayName",
                                        "x",
                                        "password",
                                        "Strong-pass1",
                                        "roles",
                                        Set.of("unit"),
                                        "regionIds",
                                        Set.of(township.id)))
                                .post("/api/v1/admin/accounts")
                                .then(),
                        422,
                        "invalid-account")
                .body("errors.field", containsInAnyOrder("unitId", "regionIds"));
        as(adminToken)
                .body(Map.of(
                        "username",
                        Fixtures.unique("u"),
                        "displayName",
                        "x",
                        "password",
                        "Strong-pass1",
                        "roles",
                        Set.of("unit"),
                        "unitId",
                        unit.id))
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201)
                .body("unitId", equalTo(unit.id.intValue()));
    }

    @Test
    void invalidCreateChangesNothing() {
        long before = QuarkusTransaction.requiringNew().call(() -> Account.count());
        assertProblem(
                        as(adminToken)
                                .body(Map.of(
                                        "username",
                                        Fixtures.unique("d"),
                                        "displayName",
                                        "x",
                                        "password",
                                        "short",
                                        "roles",
                                        Set.of("dispatcher"),
                                        "regionIds",
                                        Set.of(999_999_999L)))
                                .post("/api/v1/admin/accounts")
                                .then(),
                        422,
                        "invalid-account")
                .body("errors.field", containsInAnyOrder("password", "regionIds"));
        assertProblem(
                        as(adminToken)
                                .body(Map.of(
                                        "username",
                                        "bad name!",
                                        "displayName",
                                        "x",
                                        "password",
                                        "Strong-pass1",
                                        "roles",
                                        Set.of("admin")))
                                .post("/api/v1/admin/accounts")
                                .then(),
                        400,
                        "validation-failed")
                .body("errors.field", hasItem("username"));
        assertProblem(
                as(adminToken)
                        .body(Map.of(
                                "username",
                                Fixtures.unique("r"),
                                "displayName",
                                "x",
                                "password",
                                "Strong-pass1",
                                "roles",
                                Set.of("resident")))
                        .post("/api/v1/admin/accounts")
                        .then(),
                422,
                "invalid-account");
        long after = QuarkusTransaction.requiringNew().call(() -> Account.count());
        assertEquals(before, after);
    }

    @Test
    void duplicateUsernameIs409() {
        String username = Fixtures.unique("dup");
        as(adminToken)
                .body(dispatcher(username))
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201);
        assertProblem(
                as(adminToken)
                        .body(dispatcher(username.toUpperCase()))
                        .post("/api/v1/admin/accounts")
                        .then(),
                409,
                "username-taken");
    }

    @Test
    void disableEndsSessionsAndBlocksLogin() {
        Account target = fixtures.staff(Set.of("leader"), null, Set.of());
        String refresh = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + target.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("refreshToken");
        as(adminToken)
                .post("/api/v1/admin/accounts/" + target.id + "/actions/disable")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"username\":\"" + target.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                        .post("/api/v1/auth/login")
                        .then(),
                403,
                "account-disabled");
        assertProblem(TokenTest.refresh(refresh), 401, "invalid-refresh-token");
        as(adminToken)
                .post("/api/v1/admin/accounts/" + target.id + "/actions/enable")
                .then()
                .statusCode(200);
        Fixtures.token(target);
    }

    @Test
    void rescopeChangesRolesAndTheNextTokenCarriesThem() {
        Account target = fixtures.staff(Set.of("grid_worker"), null, Set.of(township.id));
        Region other = fixtures.township();
        as(adminToken)
                .body(Map.of("roles", Set.of("dispatcher", "leader"), "regionIds", Set.of(other.id)))
                .put("/api/v1/admin/accounts/" + target.id + "/scope")
                .then()
                .statusCode(200)
                .body("roles", containsInAnyOrder("dispatcher", "leader"))
                .body("regionIds", contains(other.id.intValue()));
        Account after = fixtures.reload(target.id);
        assertEquals(Set.of("dispatcher", "leader"), after.roles);
        assertEquals(Set.of(other.id), after.regionIds);
        assertTrue(LoginTest.auditCount("account.rescope", target.id) == 1);
    }

    @Test
    void resetPasswordReplacesTheOldOne() {
        Account target = fixtures.staff(Set.of("finance"), null, Set.of());
        as(adminToken)
                .body(Map.of("newPassword", "Brand-new-pass2"))
                .post("/api/v1/admin/accounts/" + target.id + "/actions/reset-password")
                .then()
                .statusCode(200);
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"username\":\"" + target.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                        .post("/api/v1/auth/login")
                        .then(),
                401,
                "invalid-credentials");
        Fixtures.login(target.username, "Brand-new-pass2");
        assertProblem(
                as(adminToken)
                        .body(Map.of("newPassword", "weak"))
                        .post("/api/v1/admin/accounts/" + target.id + "/actions/reset-password")
                        .then(),
                422,
                "invalid-account");
    }

    @Test
    void adminCannotLockThemselvesOut() {
        assertProblem(
                as(adminToken)
                        .post("/api/v1/admin/accounts/" + admin.id + "/actions/disable")
                        .then(),
                409,
                "cannot-disable-self");
        assertProblem(
                as(adminToken)
                        .body(Map.of("roles", Set.of("leader")))
                        .put("/api/v1/admin/accounts/" + admin.id + "/scope")
                        .then(),
                409,
                "cannot-demote-self");
        assertFalse(fixtures.reload(admin.id).roles.isEmpty());
    }

    @Test
    void otherRolesAreForbiddenAndAnonymousIsUnauthenticated() {
        String dispatcher = Fixtures.token(fixtures.staff(Set.of("dispatcher"), null, Set.of(township.id)));
        String unitStaff = Fixtures.token(fixtures.staff(Set.of("unit"), unit.id, Set.of()));
        Account victim = fixtures.staff(Set.of("leader"), null, Set.of());
        assertProblem(as(dispatcher).get("/api/v1/admin/accounts").then(), 403, "forbidden");
        assertProblem(
                as(unitStaff)
                        .post("/api/v1/admin/accounts/" + victim.id + "/actions/disable")
                        .then(),
                403,
                "forbidden");
        assertProblem(
                as(dispatcher)
                        .body(dispatcher(Fixtures.unique("x")))
                        .post("/api/v1/admin/accounts")
                        .then(),
                403,
                "forbidden");
        assertProblem(given().get("/api/v1/admin/accounts").then(), 401, "unauthenticated");
        assertTrue(fixtures.reload(victim.id).enabled);
    }

    @Test
    void listFiltersAndPages() {
        Account u = fixtures.staff(Set.of("unit"), unit.id, Set.of());
        as(adminToken)
                .queryParam("unitId", unit.id)
                .get("/api/v1/admin/accounts")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(u.id.intValue()));
        as(adminToken)
                .queryParam("size", 1)
                .get("/api/v1/admin/accounts")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("total", greaterThanOrEqualTo(2));
        assertProblem(
                        as(adminToken)
                                .queryParam("size", 0)
                                .get("/api/v1/admin/accounts")
                                .then(),
                        400,
                        "invalid-parameter")
                .body("errors[0].field", equalTo("size"))
                .body("parameter", equalTo("size"));
    }

    @Test
    void unknownAccountIs404() {
        assertProblem(as(adminToken).get("/api/v1/admin/accounts/987654321").then(), 404, "account-not-found");
    }

    @Test
    void bootstrapAdminFromConfigurationExistsAndCanLogIn() {
        Fixtures.login("root-admin", "Bootstrap-pass1");
    }
}
