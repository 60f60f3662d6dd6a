package cn.suishoupai.reward;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.Role;
import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever sequence of accruals, approvals, cancellations, batch builds, exports,
 * discards, (repeated) results and payment reversals finance goes through, every reward ends in the
 * state a simple model predicts, the ledger sums to every reward's and batch's totals, and nothing is
 * paid twice: at most one payment per reward stands (a reversed payment no longer counts).
 */
@QuarkusTest
class RewardLedgerPropertyTest {

    private static final Logger LOG = Logger.getLogger(RewardLedgerPropertyTest.class);

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    @Inject
    RewardReports reports;

    @Inject
    EntityManager em;

    /** What the model knows of a reward. */
    static final class M {
        RewardState state;
        long amount;
        RewardState prior;
        int payments; // PAYMENT entries recorded
        int reversals; // of which reversed
    }

    @Test
    void theLedgerStaysConsistentUnderRandomOperations() {
        long seed = Long.getLong("reward.seed", System.nanoTime());
        LOG.infof("reward ledger property seed %d (rerun with -Dreward.seed=%d)", seed, seed);
        Random rnd = new Random(seed);
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 2000); // under the test's auto-approval threshold
        RewardWorld.fixedRule(admin, town.fire.code, "MAJOR", 7000);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        String finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of(town.township.id)));
        List<Account> residents = List.of(fixtures.resident(), fixtures.resident(), fixtures.resident());

        Map<Long, M> model = new LinkedHashMap<>();
        Map<Long, String> batches = new LinkedHashMap<>(); // id -> OPEN | EXPORTED | CLOSED | DISCARDED
        Map<Long, List<Long>> pendingLines = new HashMap<>();
        List<String> deliveries = new ArrayList<>();
        Map<String, Long> deliveryBatch = new HashMap<>();
        int steps = 70;
        for (int step = 0; step < steps; step++) {
            int op = step < 6 ? 0 : rnd.nextInt(9);
            String what = "step " + step + " op " + op + " seed " + seed;
            switch (op) {
                case 0: { // accrue
                    Ticket t = world.ticket(town, rnd.nextBoolean() ? Severity.GENERAL : Severity.MAJOR);
                    world.resident(
                            t,
                            residents.get(rnd.nextInt(residents.size())),
                            Instant.now().minusSeconds(30));
                    RewardWorld.verify(worker, t.id, true).then().statusCode(200);
                    Reward r = world.rewardOf(t.id);
                    M m = new M();
                    m.amount = r.amountFen;
                    m.state = r.state;
                    assertThat(r.state)
                            .as(what)
                            .isEqualTo(
                                    r.amountFen > 0 && r.amountFen < 3000 ? RewardState.APPROVED : RewardState.ACCRUED);
                    model.put(r.id, m);
                    break;
                }
                case 1: { // approve
                    Long id = pick(rnd, model, EnumSet.of(RewardState.ACCRUED));
                    if (id == null) {
                        break;
                    }
                    M m = model.get(id);
                    int status = given().auth()
                            .oauth2(finance)
                            .post("/api/v1/rewards/" + id + "/actions/approve")
                            .statusCode();
                    assertThat(status).as(what).isEqualTo(m.amount > 0 ? 200 : 409);
                    if (status == 200) {
                        m.state = RewardState.APPROVED;
                    }
                    break;
                }
                case 2: { // cancel anything: allowed only before payment and outside batches
                    Long id = pick(rnd, model, EnumSet.allOf(RewardState.class));
                    if (id == null) {
                        break;
                    }
                    M m = model.get(id);
                    int status = given().auth()
                            .oauth2(finance)
                            .contentType(ContentType.JSON)
                            .body("{\"reason\":\"随机取消\"}")
                            .post("/api/v1/rewards/" + id + "/actions/cancel")
                            .statusCode();
                    boolean allowed = EnumSet.of(RewardState.ACCRUED, RewardState.APPROVED, RewardState.FAILED)
                            .contains(m.state);
                    assertThat(status).as(what + " cancel " + m.state).isEqualTo(allowed ? 200 : 409);
                    if (allowed) {
                        m.state = RewardState.CANCELLED;
                    }
                    break;
                }
                case 3: { // build
                    List<Long> expected = model.entrySet().stream()
                            .filter(e -> (e.getValue().state == RewardState.APPROVED
                                            || e.getValue().state == RewardState.FAILED)
                                    && e.getValue().amount > 0)
                            .map(Map.Entry::getKey)
                            .sorted()
                            .toList();
                    Response resp = given().auth()
                            .oauth2(finance)
                            .contentType(ContentType.JSON)
                            .body("{\"regionId\":" + town.township.id + "}")
                            .post("/api/v1/payout-batches");
                    if (expected.isEmpty()) {
                        assertThat(resp.statusCode()).as(what).isEqualTo(422);
                        break;
                    }
                    assertThat(resp.statusCode()).as(what).isEqualTo(201);
                    long batch = resp.jsonPath().getLong("batch.id");
                    List<Long> lines = resp.jsonPath().getList("lines.rewardId", Long.class).stream()
                            .sorted()
                            .toList();
                    assertThat(lines).as(what).isEqualTo(expected);
                    for (Long id : lines) {
                        model.get(id).prior = model.get(id).state;
                        model.get(id).state = RewardState.IN_BATCH;
                    }
                    batches.put(batch, "OPEN");
                    pendingLines.put(batch, new ArrayList<>(lines));
                    break;
                }
                case 4: { // export
                    Long batch = pickBatch(rnd, batches, "OPEN");
                    if (batch == null) {
                        break;
                    }
                    given().auth()
                            .oauth2(finance)
                            .header("Idempotency-Key", "exp-" + seed + "-" + batch)
                            .post("/api/v1/payout-batches/" + batch + "/actions/export")
                            .then()
                            .statusCode(200);
                    // a retry with the key replays; a second export is refused
                    given().auth()
                            .oauth2(finance)
                            .header("Idempotency-Key", "exp-" + seed + "-" + batch)
                            .post("/api/v1/payout-batches/" + batch + "/actions/export")
                            .then()
                            .statusCode(200);
                    given().auth()
                            .oauth2(finance)
                            .post("/api/v1/payout-batches/" + batch + "/actions/export")
                            .then()
                            .statusCode(409);
                    batches.put(batch, "EXPORTED");
                    break;
                }
                case 5: { // discard
                    Long batch = pickBatch(rnd, batches, "OPEN");
                    if (batch == null) {
                        break;
                    }
                    given().auth()
                            .oauth2(finance)
                            .post("/api/v1/payout-batches/" + batch + "/actions/discard")
                            .then()
                            .statusCode(200);
                    for (Long id : pendingLines.remove(batch)) {
                        model.get(id).state = model.get(id).prior;
                    }
                    batches.put(batch, "DISCARDED");
                    break;
                }
                case 6: { // results for some pending lines
                    Long batch = pickBatch(rnd, batches, "EXPORTED");
                    if (batch == null) {
                        break;
                    }
                    List<Long> pending = pendingLines.get(batch);
                    List<Long> chosen =
                            pending.stream().filter(x -> rnd.nextInt(3) > 0).collect(Collectors.toList());
                    if (chosen.isEmpty()) {
                        chosen.add(pending.get(0));
                    }
                    StringBuilder body = new StringBuilder("{\"lines\":[");
                    for (int i = 0; i < chosen.size(); i++) {
                        long id = chosen.get(i);
                        boolean paid = rnd.nextInt(4) > 0;
                        body.append(i == 0 ? "" : ",")
                                .append("{\"rewardId\":")
                                .append(id)
                                .append(",\"status\":\"")
                                .append(
                                        paid
                                                ? "PAID\",\"externalRef\":\"TX-" + id + "-" + step
                                                : "FAILED\",\"reason\":\"空号")
                                .append("\"}");
                        model.get(id).state = paid ? RewardState.PAID : RewardState.FAILED;
                        model.get(id).payments += paid ? 1 : 0;
                    }
                    String delivery = body.append("]}").toString();
                    String key = "res-" + seed + "-" + step;
                    given().auth()
                            .oauth2(finance)
                            .header("Idempotency-Key", key)
                            .contentType(ContentType.JSON)
                            .body(delivery)
                            .post("/api/v1/payout-batches/" + batch + "/results")
                            .then()
                            .statusCode(200);
                    pending.removeAll(chosen);
                    if (pending.isEmpty()) {
                        batches.put(batch, "CLOSED");
                    }
                    deliveries.add(delivery);
                    deliveryBatch.put(delivery, batch);
                    break;
                }
                case 7: { // reverse a payment: only a PAID reward; it goes back to APPROVED for a later batch
                    Long id = pick(
                            rnd,
                            model,
                            rnd.nextInt(3) > 0 ? EnumSet.of(RewardState.PAID) : EnumSet.allOf(RewardState.class));
                    if (id == null) {
                        break;
                    }
                    M m = model.get(id);
                    int status = given().auth()
                            .oauth2(finance)
                            .contentType(ContentType.JSON)
                            .body("{\"reason\":\"支付登记有误\"}")
                            .post("/api/v1/rewards/" + id + "/actions/reverse-payment")
                            .statusCode();
                    boolean allowed = m.state == RewardState.PAID;
                    assertThat(status).as(what + " reverse " + m.state).isEqualTo(allowed ? 200 : 409);
                    if (allowed) {
                        m.state = RewardState.APPROVED;
                        m.reversals++;
                    }
                    break;
                }
                default: { // a delivery again, without its key: nothing changes
                    if (deliveries.isEmpty()) {
                        break;
                    }
                    String delivery = deliveries.get(rnd.nextInt(deliveries.size()));
                    given().auth()
                            .oauth2(finance)
                            .contentType(ContentType.JSON)
                            .body(delivery)
                            .post("/api/v1/payout-batches/" + deliveryBatch.get(delivery) + "/results")
                            .then()
                            .statusCode(200)
                            .body("applied", org.hamcrest.Matchers.equalTo(0));
                }
            }
        }

        LOG.infof(
                "reward ledger property: %d payments, %d reversed (seed %d)",
                model.values().stream().mapToInt(m -> m.payments).sum(),
                model.values().stream().mapToInt(m -> m.reversals).sum(),
                seed);
        // every reward is where the model says
        for (Map.Entry<Long, M> e : model.entrySet()) {
            assertThat(world.count(
                            "select count(*) from reward where id = ? and state = ?",
                            e.getKey(),
                            e.getValue().state.name()))
                    .as("reward %d should be %s (seed %d)", e.getKey(), e.getValue().state, seed)
                    .isEqualTo(1);
        }
        // the consistency proof holds for finance's view and for the whole service
        given().auth()
                .oauth2(finance)
                .get("/api/v1/rewards/consistency")
                .then()
                .statusCode(200)
                .body("consistent", org.hamcrest.Matchers.equalTo(true))
                .body("rewardsChecked", org.hamcrest.Matchers.equalTo(model.size()));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/rewards/consistency")
                .then()
                .statusCode(200)
                .body("consistent", org.hamcrest.Matchers.equalTo(true));
        // and, independently: nothing paid twice — at most one standing (unreversed) payment per
        // reward, exactly one when PAID; payments and reversals as the model counted them; standing
        // payments equal the paid rewards' amounts
        String ids = model.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
        if (!ids.isEmpty()) {
            String standing =
                    "from reward_ledger p where p.kind = 'PAYMENT' and p.reward_id in (" + ids + ") and not exists "
                            + "(select 1 from reward_ledger r where r.kind = 'REVERSAL' and r.reverses_entry_id = p.id)";
            assertThat(world.count("select count(*) from (select reward_id " + standing
                            + " group by reward_id having count(*) > 1) x"))
                    .as("seed %d", seed)
                    .isZero();
            long paid = model.values().stream()
                    .filter(m -> m.state == RewardState.PAID)
                    .mapToLong(m -> m.amount)
                    .sum();
            assertThat(world.count("select coalesce(sum(amount_fen), 0) " + standing))
                    .as("seed %d", seed)
                    .isEqualTo(paid);
            assertThat(world.count("select count(*) " + standing))
                    .isEqualTo(model.values().stream()
                            .filter(m -> m.state == RewardState.PAID)
                            .count());
            for (Map.Entry<Long, M> e : model.entrySet()) {
                M m = e.getValue();
                assertThat(world.count(
                                "select count(*) from reward_ledger where reward_id = ? and kind = 'PAYMENT'",
                                e.getKey()))
                        .as("payments of %d (seed %d)", e.getKey(), seed)
                        .isEqualTo(m.payments);
                assertThat(world.count(
                                "select count(*) from reward_ledger where reward_id = ? and kind = 'REVERSAL' and batch_id is not null",
                                e.getKey()))
                        .as("reversals of %d (seed %d)", e.getKey(), seed)
                        .isEqualTo(m.reversals);
                assertThat(world.count(
                                "select coalesce(sum(amount_fen), 0) from reward_ledger where reward_id = ? "
                                        + "and kind in ('PAYMENT', 'REVERSAL') and batch_id is not null",
                                e.getKey()))
                        .isEqualTo(m.state == RewardState.PAID ? m.amount : 0);
            }
        }
    }

    /** The check notices a ledger that does not add up (an extra entry, written and rolled back here). */
    @Test
    void theConsistencyCheckReportsAMismatch() {
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 2000);
        String worker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.township.id)));
        Ticket t = world.ticket(town, Severity.GENERAL);
        world.resident(t, fixtures.resident(), Instant.now().minusSeconds(30));
        RewardWorld.verify(worker, t.id, true).then().statusCode(200);
        long id = world.rewardOf(t.id).id;
        RewardReports.Consistency c;
        QuarkusTransaction.begin();
        try {
            em.createNativeQuery(
                            "insert into reward_ledger (reward_id, kind, amount_fen, at) values (?1, 'ACCRUAL', 1, now())")
                    .setParameter(1, id)
                    .executeUpdate();
            c = reports.check(
                    new Actor(null, "test", null, Set.of(Role.ADMIN_), Optional.empty(), List.of())); // service-wide
        } finally {
            QuarkusTransaction.rollback();
        }
        assertThat(c.consistent()).isFalse();
        assertThat(c.mismatches()).contains(new RewardReports.Mismatch("reward", id, "accrued", 2000, 2001));
        assertThat(world.count("select count(*) from reward_ledger where reward_id = ?", id))
                .isEqualTo(1);
        // and the ledger refuses edits
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("update reward_ledger set amount_fen = 0 where reward_id = ?1")
                                .setParameter(1, id)
                                .executeUpdate()))
                .hasStackTraceContaining("append-only");
    }

    private static Long pick(Random rnd, Map<Long, M> model, Set<RewardState> states) {
        List<Long> ids = model.entrySet().stream()
                .filter(e -> states.contains(e.getValue().state))
                .map(Map.Entry::getKey)
                .toList();
        return ids.isEmpty() ? null : ids.get(rnd.nextInt(ids.size()));
    }

    private static Long pickBatch(Random rnd, Map<Long, String> batches, String state) {
        List<Long> ids = batches.entrySet().stream()
                .filter(e -> e.getValue().equals(state))
                .map(Map.Entry::getKey)
                .toList();
        return ids.isEmpty() ? null : ids.get(rnd.nextInt(ids.size()));
    }
}
