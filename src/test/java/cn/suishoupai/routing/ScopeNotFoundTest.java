package cn.suishoupai.routing;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.reward.RewardWorld;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exact scope (issue 11): staff of township A (admin, dispatcher, unit, finance) naming township B's
 * objects by id get 404 with the object's own not-found problem, never 403 or 409, and nothing changes.
 */
@QuarkusTest
class ScopeNotFoundTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    String root;
    Town mine;
    Town other;

    @BeforeEach
    void setUp() {
        root = Fixtures.token(fixtures.admin());
        mine = new Town(fixtures, root);
        other = new Town(fixtures, root);
    }

    record Call(String who, String method, String path, Object body, String problem) {}

    private ValidatableResponse send(String token, Call c) {
        var r = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (c.body() != null) {
            r = r.body(c.body());
        }
        return r.request(c.method(), c.path()).then();
    }

    @Test
    void everyIdOutsideTheCallersScopeIsNotFound() {
        Map<String, String> tokens = Map.of(
                "admin", Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id))),
                "dispatcher", Fixtures.token(fixtures.staff(Set.of("dispatcher"), null, Set.of(mine.township.id))),
                "unit", Fixtures.token(fixtures.staff(Set.of("unit"), mine.department.id, Set.of())),
                "finance", Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(mine.township.id))));

        // township B's things
        Account otherDispatcher = fixtures.staff(Set.of("dispatcher"), null, Set.of(other.township.id));
        long rule = ((Number) given().auth()
                        .oauth2(root)
                        .contentType(ContentType.JSON)
                        .body(Map.of("regionId", other.zoneA.id, "target", "TERRITORIAL"))
                        .post("/api/v1/admin/routing-rules")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
        RewardWorld.fixedRule(root, other.fire.code, "GENERAL", 3000);
        Ticket ticket = world.ticket(other, Severity.GENERAL);
        long report = world.resident(ticket, fixtures.resident(), Instant.now().minusSeconds(60)).id;
        Ticket rewarded = world.ticket(other, Severity.GENERAL);
        world.resident(rewarded, fixtures.resident(), Instant.now().minusSeconds(60));
        String otherGridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(other.township.id)));
        RewardWorld.verify(otherGridWorker, rewarded.id, true).then().statusCode(200);
        long reward = world.rewardOf(rewarded.id).id;
        given().auth()
                .oauth2(root)
                .contentType(ContentType.JSON)
                .body("{\"budgetFen\":100}")
                .put("/api/v1/admin/reward-budgets/" + other.township.id + "/2092")
                .then()
                .statusCode(200);

        String rename = "{\"name\":\"他镇改名\"}";
        String ruleBody = "{\"regionId\":" + other.zoneA.id + ",\"target\":\"TERRITORIAL\"}";
        String unitBody = "{\"code\":\"" + other.villageA.code
                + "\",\"name\":\"x\",\"type\":\"VILLAGE_COMMUNITY\",\"regionIds\":[" + other.zoneA.id + "]}";
        List<Call> calls = new ArrayList<>(List.of(
                new Call("admin", "GET", "/api/v1/admin/accounts/" + otherDispatcher.id, null, "account-not-found"),
                new Call(
                        "admin",
                        "PUT",
                        "/api/v1/admin/accounts/" + otherDispatcher.id + "/scope",
                        "{\"roles\":[\"dispatcher\"],\"regionIds\":[" + mine.township.id + "]}",
                        "account-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/accounts/" + otherDispatcher.id + "/actions/disable",
                        null,
                        "account-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/accounts/" + otherDispatcher.id + "/actions/enable",
                        null,
                        "account-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/accounts/" + otherDispatcher.id + "/actions/unlock",
                        null,
                        "account-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/accounts/" + otherDispatcher.id + "/actions/reset-password",
                        "{\"newPassword\":\"Brand-new-pass9\"}",
                        "account-not-found"),
                new Call("admin", "GET", "/api/v1/admin/routing-rules/" + rule, null, "rule-not-found"),
                new Call("admin", "PUT", "/api/v1/admin/routing-rules/" + rule, ruleBody, "rule-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/routing-rules/" + rule + "/actions/deactivate",
                        null,
                        "rule-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/routing-rules/" + rule + "/actions/activate",
                        null,
                        "rule-not-found"),
                new Call("admin", "GET", "/api/v1/admin/units/" + other.villageA.id, null, "unit-not-found"),
                new Call("admin", "PUT", "/api/v1/admin/units/" + other.villageA.id, unitBody, "unit-not-found"),
                new Call("admin", "PATCH", "/api/v1/admin/regions/" + other.zoneA.id, rename, "region-not-found"),
                new Call(
                        "admin",
                        "POST",
                        "/api/v1/admin/regions/" + other.zoneA.id + "/actions/retire",
                        null,
                        "region-not-found"),
                new Call(
                        "admin",
                        "PUT",
                        "/api/v1/admin/reward-budgets/" + other.township.id + "/2092",
                        "{\"budgetFen\":1}",
                        "region-not-found"),
                new Call(
                        "admin",
                        "DELETE",
                        "/api/v1/admin/reward-budgets/" + other.township.id + "/2092",
                        null,
                        "region-not-found"),
                new Call("dispatcher", "GET", "/api/v1/tickets/" + ticket.id, null, "ticket-not-found"),
                new Call(
                        "dispatcher",
                        "POST",
                        "/api/v1/tickets/" + ticket.id + "/actions/cancel",
                        "{\"reason\":\"不是我的\"}",
                        "ticket-not-found"),
                new Call("dispatcher", "GET", "/api/v1/dispatch/reports/" + report, null, "report-not-found"),
                new Call(
                        "dispatcher",
                        "GET",
                        "/api/v1/dispatch/reports/" + report + "/reporter",
                        null,
                        "report-not-found"),
                new Call(
                        "dispatcher",
                        "POST",
                        "/api/v1/dispatch/reports/" + report + "/actions/mark-fraudulent",
                        "{\"reason\":\"重复刷单\"}",
                        "report-not-found"),
                new Call("unit", "GET", "/api/v1/tickets/" + ticket.id, null, "ticket-not-found"),
                new Call("unit", "POST", "/api/v1/tickets/" + ticket.id + "/actions/sign", null, "ticket-not-found"),
                new Call("finance", "GET", "/api/v1/rewards/" + reward, null, "reward-not-found"),
                new Call("finance", "POST", "/api/v1/rewards/" + reward + "/actions/approve", null, "reward-not-found"),
                new Call(
                        "finance",
                        "PUT",
                        "/api/v1/tickets/" + rewarded.id + "/fine",
                        "{\"fineFen\":100000}",
                        "ticket-not-found")));

        List<String> wrong = new ArrayList<>();
        for (Call c : calls) {
            var r = send(tokens.get(c.who()), c).extract();
            String type = r.statusCode() >= 400 ? r.jsonPath().getString("type") : null;
            if (r.statusCode() != 404 || !("https://suishoupai.cn/problems/" + c.problem()).equals(type)) {
                wrong.add(c.who() + " " + c.method() + " " + c.path() + " -> " + r.statusCode() + " " + type);
            }
        }
        assertThat(wrong).isEmpty();

        // nothing changed
        Account after = fixtures.reload(otherDispatcher.id);
        assertThat(after.enabled).isTrue();
        assertThat(after.regionIds).containsExactly(other.township.id);
        given().auth()
                .oauth2(root)
                .get("/api/v1/admin/routing-rules/" + rule)
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        given().auth()
                .oauth2(root)
                .get("/api/v1/admin/regions/" + other.zoneA.id)
                .then()
                .statusCode(200)
                .body("name", equalTo(other.zoneA.name))
                .body("active", equalTo(true));
        assertThat(world.count(
                        "select count(*) from reward_budget where region_id = ? and year = 2092", other.township.id))
                .isEqualTo(1);
        assertThat(world.count("select count(*) from reward where id = ? and state = 'ACCRUED'", reward))
                .isEqualTo(1);
        // and a township admin's lists show none of it
        given().auth()
                .oauth2(tokens.get("admin"))
                .get("/api/v1/admin/routing-rules?includeInactive=true")
                .then()
                .statusCode(200)
                .body("id", not(hasItem((int) rule)));
    }

    @Test
    void anotherTownshipsCodesAreOutOfScopeBeforeTheyAreTaken() {
        String townAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id)));
        // the code is taken, but in township B: the answer is about scope, not about the code
        assertProblem(
                given().auth()
                        .oauth2(townAdmin)
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "code", other.zoneB.code, "name", "x", "level", "ZONE", "parentId", other.township.id))
                        .post("/api/v1/admin/regions")
                        .then(),
                403,
                "out-of-scope");
        assertProblem(
                given().auth()
                        .oauth2(townAdmin)
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "code",
                                other.villageA.code,
                                "name",
                                "x",
                                "type",
                                "VILLAGE_COMMUNITY",
                                "regionIds",
                                Set.of(other.zoneA.id)))
                        .post("/api/v1/admin/units")
                        .then(),
                403,
                "out-of-scope");
        assertProblem(
                given().auth()
                        .oauth2(townAdmin)
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "code", other.fire.code, "nameZh", "x", "nameEn", "x", "defaultSeverity", "GENERAL"))
                        .post("/api/v1/admin/categories")
                        .then(),
                403,
                "out-of-scope");
    }

    @Test
    void aRulesUnitsMustServeItsRegionWithinTheAdminsScope() {
        String townAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id)));
        // another township's unit as lead or as assisting unit: refused, no rule saved
        assertProblem(
                        given().auth()
                                .oauth2(townAdmin)
                                .contentType(ContentType.JSON)
                                .body(Map.of(
                                        "regionId", mine.zoneA.id, "target", "UNIT", "leadUnitId", other.department.id))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("leadUnitId"));
        assertProblem(
                        given().auth()
                                .oauth2(townAdmin)
                                .contentType(ContentType.JSON)
                                .body(Map.of(
                                        "regionId",
                                        mine.zoneA.id,
                                        "target",
                                        "UNIT",
                                        "leadUnitId",
                                        mine.department.id,
                                        "assistingUnitIds",
                                        Set.of(other.villageA.id)))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("assistingUnitIds"));
        // a unit of the same township that does not serve the rule's zone (village B for zone A)
        assertProblem(
                        given().auth()
                                .oauth2(root)
                                .contentType(ContentType.JSON)
                                .body(Map.of(
                                        "regionId", mine.zoneA.id, "target", "UNIT", "leadUnitId", mine.villageB.id))
                                .post("/api/v1/admin/routing-rules")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("leadUnitId"));
        assertThat(world.count("select count(*) from routing_rule where region_id = ?", mine.zoneA.id))
                .isZero();
        // the township's department (serves the township) and zone A's village are fine
        given().auth()
                .oauth2(townAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "regionId",
                        mine.zoneA.id,
                        "target",
                        "UNIT",
                        "leadUnitId",
                        mine.department.id,
                        "assistingUnitIds",
                        Set.of(mine.villageA.id)))
                .post("/api/v1/admin/routing-rules")
                .then()
                .statusCode(201);
    }

    @Test
    void residentsForATownshipAdminAreThoseWhoReportedThereAndEveryReadIsAudited() {
        String townAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id)));
        Account here = fixtures.resident();
        Account there = fixtures.resident();
        world.resident(world.ticket(mine, Severity.GENERAL), here, Instant.now().minusSeconds(60));
        world.resident(
                world.ticket(other, Severity.GENERAL), there, Instant.now().minusSeconds(60));

        given().auth()
                .oauth2(townAdmin)
                .queryParam("kind", "RESIDENT")
                .queryParam("size", 200)
                .get("/api/v1/admin/accounts")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(here.id.intValue()))
                .body("items.id", not(hasItem(there.id.intValue())));
        given().auth()
                .oauth2(townAdmin)
                .get("/api/v1/admin/accounts/" + here.id)
                .then()
                .statusCode(200)
                .body("phone", equalTo(here.phone));
        assertProblem(
                given().auth()
                        .oauth2(townAdmin)
                        .get("/api/v1/admin/accounts/" + there.id)
                        .then(),
                404,
                "account-not-found");
        // a township admin does not manage residents' accounts
        assertProblem(
                given().auth()
                        .oauth2(townAdmin)
                        .contentType(ContentType.JSON)
                        .post("/api/v1/admin/accounts/" + here.id + "/actions/disable")
                        .then(),
                403,
                "out-of-scope");
        assertThat(fixtures.reload(here.id).enabled).isTrue();

        assertThat(world.count(
                        "select count(*) from audit_log where action = 'account.read-resident' and target_id = ?",
                        String.valueOf(here.id)))
                .isEqualTo(1);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'account.list-residents' and details like ?",
                        "%" + here.id + "%"))
                .isEqualTo(1);
        // a service-wide admin's reads of residents are audited too
        given().auth()
                .oauth2(root)
                .get("/api/v1/admin/accounts/" + there.id)
                .then()
                .statusCode(200);
        assertThat(world.count(
                        "select count(*) from audit_log where action = 'account.read-resident' and target_id = ?",
                        String.valueOf(there.id)))
                .isEqualTo(1);
    }
}
