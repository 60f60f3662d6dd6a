package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionAdminResource;
import cn.suishoupai.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on creating POSTs: a retry returns the first result and creates nothing. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    @Inject
    Idempotency idempotency;

    Account admin;
    String token;
    Region township;

    @BeforeEach
    void setUp() {
        admin = fixtures.admin();
        token = Fixtures.token(admin);
        township = fixtures.township();
    }

    private RequestSpecification as(String t, String key) {
        RequestSpecification r = given().auth().oauth2(t).contentType(ContentType.JSON);
        return key == null ? r : r.header("Idempotency-Key", key);
    }

    private Map<String, Object> zone(String code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", "片区 " + code);
        m.put("level", "ZONE");
        m.put("parentId", township.id);
        return m;
    }

    private long zonesNamed(String code) {
        return QuarkusTransaction.requiringNew().call(() -> Region.count("code", code));
    }

    @Test
    void retryWithTheSameKeyAndBodyReturnsTheFirstResult() {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        int id = as(token, key)
                .body(zone(code))
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String location = as(token, key)
                .body(zone(code))
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true")
                .body("id", equalTo(id))
                .body("code", equalTo(code))
                .extract()
                .header("Location");
        assertEquals("/api/v1/admin/regions/" + id, URI.create(location).getPath());
        assertEquals(1, zonesNamed(code));
    }

    @Test
    void fieldOrderDoesNotMatterButContentDoes() {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        as(token, key).body(zone(code)).post("/api/v1/admin/regions").then().statusCode(201);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("parentId", township.id);
        reordered.put("level", "ZONE");
        reordered.put("name", "片区 " + code);
        reordered.put("code", code);
        as(token, key)
                .body(reordered)
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", "true");
        Map<String, Object> changed = zone(code);
        changed.put("name", "another name");
        assertProblem(as(token, key).body(changed).post("/api/v1/admin/regions").then(), 422, "idempotency-key-reused");
        assertEquals(1, zonesNamed(code));
    }

    @Test
    void withoutAKeyEveryRequestIsItsOwn() {
        String code = Fixtures.unique("z");
        as(token, null).body(zone(code)).post("/api/v1/admin/regions").then().statusCode(201);
        assertProblem(
                as(token, null).body(zone(code)).post("/api/v1/admin/regions").then(), 409, "region-code-taken");
    }

    @Test
    void aFailedFirstAttemptDoesNotStickToTheKey() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> bad = zone(Fixtures.unique("z"));
        bad.put("parentId", 987654321L);
        assertProblem(as(token, key).body(bad).post("/api/v1/admin/regions").then(), 422, "invalid-field");
        Map<String, Object> good = zone(Fixtures.unique("z"));
        as(token, key)
                .body(good)
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .header("Idempotent-Replay", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void keysBelongToTheirCallerAndARunningRequestIs409() {
        String key = UUID.randomUUID().toString();
        String code = Fixtures.unique("z");
        as(token, key).body(zone(code)).post("/api/v1/admin/regions").then().statusCode(201);
        // another admin using the same key string gets their own request, not the first one's answer
        String other = Fixtures.token(fixtures.admin());
        String otherCode = Fixtures.unique("z");
        as(other, key)
                .body(zone(otherCode))
                .post("/api/v1/admin/regions")
                .then()
                .statusCode(201)
                .body("code", equalTo(otherCode));

        // a first request still running: its key is claimed (same body) but has no answer yet
        String pending = UUID.randomUUID().toString();
        String pendingCode = Fixtures.unique("z");
        String hash = idempotency.hash(
                "region.create",
                new RegionAdminResource.CreateRegion(pendingCode, "片区 " + pendingCode, Region.Level.ZONE, township.id));
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "insert into idempotency_record "
                                        + "(account_id, idem_key, operation, request_hash, created_at) values (?1, ?2, 'region.create', ?3, now())")
                        .setParameter(1, admin.id)
                        .setParameter(2, pending)
                        .setParameter(3, hash)
                        .executeUpdate());
        assertProblem(
                        as(token, pending)
                                .body(zone(pendingCode))
                                .post("/api/v1/admin/regions")
                                .then(),
                        409,
                        "idempotency-in-progress")
                .header("Retry-After", "1");
        assertEquals(0, zonesNamed(pendingCode));
    }

    @Test
    void accountCreationIsIdempotentToo() {
        String key = UUID.randomUUID().toString();
        String username = Fixtures.unique("staff");
        Map<String, Object> body = Map.of(
                "username",
                username,
                "displayName",
                "x",
                "password",
                "Strong-pass1",
                "roles",
                Set.of("dispatcher"),
                "regionIds",
                Set.of(township.id));
        int id = as(token, key)
                .body(body)
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(token, key)
                .body(body)
                .post("/api/v1/admin/accounts")
                .then()
                .statusCode(201)
                .body("id", equalTo(id));
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> Account.count("username", username)));
    }
}
