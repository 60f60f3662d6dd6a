package cn.suishoupai.identity;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.suishoupai.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenTest {

    @Inject
    Fixtures fixtures;

    static ValidatableResponse refresh(String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"refreshToken\":\"" + token + "\"}")
                .post("/api/v1/auth/refresh")
                .then();
    }

    private String[] loginPair(Account a) {
        var r = given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + a.username + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract();
        return new String[] {r.path("accessToken"), r.path("refreshToken")};
    }

    private static ValidatableResponse adminList(String accessToken) {
        return given().auth().oauth2(accessToken).get("/api/v1/admin/accounts").then();
    }

    @Test
    void refreshRotatesAndTheNewTokensWork() {
        Account a = fixtures.admin();
        String[] first = loginPair(a);
        var r = refresh(first[1]).statusCode(200).extract();
        String newRefresh = r.path("refreshToken");
        assertNotEquals(first[1], newRefresh);
        adminList(r.path("accessToken")).statusCode(200);
        refresh(newRefresh).statusCode(200);
    }

    @Test
    void reusingARefreshTokenRevokesTheWholeFamily() {
        Account a = fixtures.admin();
        String[] first = loginPair(a);
        String second = refresh(first[1]).statusCode(200).extract().path("refreshToken");
        // the old token again: refused, and the legitimate successor dies with it
        assertProblem(refresh(first[1]), 401, "refresh-token-reused");
        assertProblem(refresh(second), 401, "invalid-refresh-token");
        assertEquals(1, LoginTest.auditCount("auth.refresh.reuse", a.id));
        // another session of the same account is untouched
        String[] other = loginPair(a);
        refresh(other[1]).statusCode(200);
    }

    @Test
    void logoutEndsTheSession() {
        Account a = fixtures.admin();
        String[] pair = loginPair(a);
        given().contentType(ContentType.JSON)
                .body("{\"refreshToken\":\"" + pair[1] + "\"}")
                .post("/api/v1/auth/logout")
                .then()
                .statusCode(204);
        assertProblem(refresh(pair[1]), 401, "invalid-refresh-token");
    }

    @Test
    void unknownRefreshTokenIs401() {
        assertProblem(refresh("not-a-token"), 401, "invalid-refresh-token");
    }

    @Test
    void expiredAccessTokenIsRejected() {
        Account a = fixtures.admin();
        String token = Jwt.issuer("https://suishoupai.cn")
                .audience("suishoupai")
                .subject(a.id.toString())
                .upn(a.username)
                .groups(Set.of("admin"))
                .issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800))
                .sign();
        assertProblem(adminList(token), 401, "unauthenticated");
    }

    @Test
    void accessTokenSignedWithAnotherKeyIsRejected() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey foreign = g.generateKeyPair().getPrivate();
        Account a = fixtures.admin();
        String token = Jwt.issuer("https://suishoupai.cn")
                .audience("suishoupai")
                .subject(a.id.toString())
                .upn(a.username)
                .groups(Set.of("admin"))
                .expiresIn(600)
                .sign(foreign);
        assertProblem(adminList(token), 401, "unauthenticated");
    }

    @Test
    void accessTokenFromAnotherIssuerIsRejected() {
        Account a = fixtures.admin();
        String good = Jwt.issuer("https://suishoupai.cn")
                .audience("suishoupai")
                .subject(a.id.toString())
                .upn(a.username)
                .groups(Set.of("admin"))
                .expiresIn(600)
                .sign();
        adminList(good).statusCode(200);
        String token = Jwt.issuer("https://evil.example")
                .audience("suishoupai")
                .subject(a.id.toString())
                .upn(a.username)
                .groups(Set.of("admin"))
                .expiresIn(600)
                .sign();
        assertProblem(adminList(token), 401, "unauthenticated");
    }

    @Test
    void garbageBearerIsRejected() {
        assertProblem(adminList("abc.def.ghi"), 401, "unauthenticated").header("WWW-Authenticate", "Bearer");
    }
}
