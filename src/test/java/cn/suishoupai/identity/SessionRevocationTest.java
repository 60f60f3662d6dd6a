package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;

import cn.suishoupai.region.Region;
import cn.suishoupai.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A disabled or rescoped account loses access at once: every authenticated request checks the
 * account (one primary-key read), so an access token that is still within its lifetime stops working.
 */
@QuarkusTest
class SessionRevocationTest {

    @Inject
    Fixtures fixtures;

    String rootToken;
    Region township;

    @BeforeEach
    void setUp() {
        rootToken = Fixtures.token(fixtures.admin());
        township = fixtures.township();
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static JsonPath login(Account a) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + a.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void disabledAccountsAccessTokenStopsWorkingAtOnce() {
        Account admin = fixtures.admin();
        JsonPath tokens = login(admin);
        String access = tokens.getString("accessToken");
        as(access).get("/api/v1/admin/accounts/" + admin.id).then().statusCode(200);

        as(rootToken)
                .post("/api/v1/admin/accounts/" + admin.id + "/actions/disable")
                .then()
                .statusCode(200);

        assertProblem(as(access).get("/api/v1/admin/accounts/" + admin.id).then(), 401, "session-ended");
        assertProblem(as(access).get("/api/v1/admin/accounts").then(), 401, "session-ended");
        assertProblem(TokenTest.refresh(tokens.getString("refreshToken")), 401, "invalid-refresh-token");
        // enabling again does not bring the old token back: that session ended for good
        as(rootToken)
                .post("/api/v1/admin/accounts/" + admin.id + "/actions/enable")
                .then()
                .statusCode(200);
        assertProblem(as(access).get("/api/v1/admin/accounts").then(), 401, "session-ended");
        as(Fixtures.token(admin))
                .get("/api/v1/admin/accounts/" + admin.id)
                .then()
                .statusCode(200);
    }

    @Test
    void rescopedAccountMustLogInAgainAndThenActsWithItsNewScope() {
        Account admin = fixtures.admin();
        String access = Fixtures.token(admin);
        as(access).get("/api/v1/admin/accounts").then().statusCode(200);

        as(rootToken)
                .body(Map.of("roles", Set.of("leader")))
                .put("/api/v1/admin/accounts/" + admin.id + "/scope")
                .then()
                .statusCode(200);

        assertProblem(as(access).get("/api/v1/admin/accounts").then(), 401, "session-ended");
        String fresh = Fixtures.token(admin);
        assertProblem(as(fresh).get("/api/v1/admin/accounts").then(), 403, "forbidden");
    }

    @Test
    void townshipAdminMovedToAnotherTownshipLosesTheOldOne() {
        Account townAdmin = fixtures.staff(Set.of("admin"), null, Set.of(township.id));
        String access = Fixtures.token(townAdmin);
        Account local = fixtures.staff(Set.of("dispatcher"), null, Set.of(township.id));
        as(access).get("/api/v1/admin/accounts/" + local.id).then().statusCode(200);

        Region other = fixtures.township();
        as(rootToken)
                .body(Map.of("roles", Set.of("admin"), "regionIds", Set.of(other.id)))
                .put("/api/v1/admin/accounts/" + townAdmin.id + "/scope")
                .then()
                .statusCode(200);

        assertProblem(as(access).get("/api/v1/admin/accounts/" + local.id).then(), 401, "session-ended");
    }

    @Test
    void residentDisabledLosesAccessToo() {
        Account resident = fixtures.resident();
        String access = fixtures.tokenFor(resident.id);
        as(access).get("/api/v1/rewards/mine").then().statusCode(200);
        as(rootToken)
                .post("/api/v1/admin/accounts/" + resident.id + "/actions/disable")
                .then()
                .statusCode(200);
        assertProblem(as(access).get("/api/v1/rewards/mine").then(), 401, "session-ended");
    }
}
