package cn.suishoupai.reward;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reward rules are service-wide: only a service-wide admin changes them. A township admin reads,
 * sets and removes the budgets of their own townships only (others are 404), and sees totals and
 * the consistency proof of their own townships only.
 */
@QuarkusTest
class RewardAdminScopeTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    String root;
    Town mine;
    Town other;
    String townAdmin;

    @BeforeEach
    void setUp() {
        root = Fixtures.token(fixtures.admin());
        mine = new Town(fixtures, root);
        other = new Town(fixtures, root);
        townAdmin = Fixtures.token(fixtures.staff(Set.of("admin"), null, Set.of(mine.township.id)));
    }

    private RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void aTownshipAdminCannotChangeTheServiceWideRewardRules() {
        String body = "{\"categoryCode\":\"" + mine.fire.code
                + "\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100000," + "\"validFrom\":\""
                + LocalDate.now().minusDays(1) + "\"}";
        assertProblem(
                as(townAdmin).body(body).post("/api/v1/admin/reward-rules").then(), 403, "out-of-scope");
        assertThat(world.count("select count(*) from reward_rule where category_id = ?", mine.fire.id))
                .isZero();

        long rule = RewardWorld.fixedRule(root, mine.fire.code, "GENERAL", 2000);
        String change = "{\"categoryCode\":\"" + mine.fire.code
                + "\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100000," + "\"validFrom\":\""
                + LocalDate.now().minusDays(1) + "\"}";
        assertProblem(
                as(townAdmin)
                        .body(change)
                        .put("/api/v1/admin/reward-rules/" + rule)
                        .then(),
                403,
                "out-of-scope");
        assertProblem(as(townAdmin).delete("/api/v1/admin/reward-rules/" + rule).then(), 403, "out-of-scope");
        assertThat(world.count("select fixed_fen from reward_rule where id = ?", rule))
                .isEqualTo(2000);
        // reading the rules in force is fine
        as(townAdmin)
                .get("/api/v1/admin/reward-rules/" + rule)
                .then()
                .statusCode(200)
                .body("fixedFen", equalTo(2000));
        // the service-wide admin still can
        as(root).body(change)
                .put("/api/v1/admin/reward-rules/" + rule)
                .then()
                .statusCode(200)
                .body("fixedFen", equalTo(100000));
    }

    @Test
    void budgetsOfOtherTownshipsAreNotFoundForATownshipAdmin() {
        int year = 2091;
        as(root).body("{\"budgetFen\":500000}")
                .put("/api/v1/admin/reward-budgets/" + other.township.id + "/" + year)
                .then()
                .statusCode(200);

        assertProblem(
                as(townAdmin)
                        .body("{\"budgetFen\":1}")
                        .put("/api/v1/admin/reward-budgets/" + other.township.id + "/" + year)
                        .then(),
                404,
                "region-not-found");
        assertProblem(
                as(townAdmin)
                        .delete("/api/v1/admin/reward-budgets/" + other.township.id + "/" + year)
                        .then(),
                404,
                "region-not-found");
        assertThat(world.count(
                        "select budget_fen from reward_budget where region_id = ? and year = ?",
                        other.township.id,
                        year))
                .isEqualTo(500000);
        as(townAdmin)
                .get("/api/v1/admin/reward-budgets?year=" + year)
                .then()
                .statusCode(200)
                .body("regionId", not(hasItem(other.township.id.intValue())));

        // their own township: set, read, remove
        as(townAdmin)
                .body("{\"budgetFen\":300000}")
                .put("/api/v1/admin/reward-budgets/" + mine.township.id + "/" + year)
                .then()
                .statusCode(200)
                .body("budgetFen", equalTo(300000));
        as(townAdmin)
                .get("/api/v1/admin/reward-budgets?year=" + year)
                .then()
                .statusCode(200)
                .body("regionId", equalTo(List.of(mine.township.id.intValue())));
        as(townAdmin)
                .delete("/api/v1/admin/reward-budgets/" + mine.township.id + "/" + year)
                .then()
                .statusCode(204);
        // the service-wide admin sees every township
        as(root).get("/api/v1/admin/reward-budgets?year=" + year)
                .then()
                .statusCode(200)
                .body("regionId", hasItem(other.township.id.intValue()));
    }

    @Test
    void totalsAndConsistencyOfATownshipAdminCoverTheirTownshipsOnly() {
        RewardWorld.fixedRule(root, mine.fire.code, "GENERAL", 3000);
        RewardWorld.fixedRule(root, other.fire.code, "GENERAL", 3000);
        accrue(mine);
        accrue(other);

        as(townAdmin)
                .get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .body("byRegion.key", equalTo(List.of(String.valueOf(mine.township.id))))
                .body("byRegion[0].count", equalTo(1));
        as(townAdmin)
                .get("/api/v1/rewards/consistency")
                .then()
                .statusCode(200)
                .body("consistent", equalTo(true))
                .body("rewardsChecked", equalTo(1));
        as(root).get("/api/v1/rewards/totals")
                .then()
                .statusCode(200)
                .body("byRegion.key", hasItem(String.valueOf(other.township.id)));
    }

    private void accrue(Town town) {
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        Account payee = fixtures.resident();
        Ticket t = world.ticket(town, Severity.GENERAL);
        world.resident(t, payee, Instant.now().minusSeconds(60));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        assertThat(world.rewardOf(t.id)).isNotNull();
    }
}
