package cn.suishoupai.region;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.identity.Account;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a scope filter does not grow with the regions in scope. An account whose township holds
 * more than 65,535 regions (a statement's bind-parameter limit, which the old one-parameter-per-region
 * IN list hit with a 500) lists its tickets, facets, on-time rates and review queue with 200, and
 * still sees only its own: a ticket and a report on the last generated grid are listed for the
 * township's dispatcher and are 404 / absent for a dispatcher of one zone of the same township.
 * The 66,000 grids are one {@code insert … select generate_series} (V33's trigger gives each its
 * path), removed again at the end; the whole test takes a few seconds.
 */
@QuarkusTest
class LargeScopeTest {

    static final int GRIDS = 66_000;

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    EntityManager em;

    @Test
    void anAccountWithMoreThan65535RegionsInScopeListsItsTickets() {
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        String prefix = Fixtures.unique("SCALE");
        try {
            long[] made = QuarkusTransaction.requiringNew().call(() -> {
                em.createNativeQuery("insert into region (code, name, level, parent_id) "
                                + "select ?1 || '-' || g, '网格 ' || g, 'GRID', ?2 from generate_series(1, ?3) g")
                        .setParameter(1, prefix)
                        .setParameter(2, town.zoneB.id)
                        .setParameter(3, GRIDS)
                        .executeUpdate();
                long last = ((Number) em.createNativeQuery("select id from region where code = ?1")
                                .setParameter(1, prefix + "-" + GRIDS)
                                .getSingleResult())
                        .longValue();
                long inScope = ((Number)
                                em.createNativeQuery("select count(*) from region where path && cast(?1 as bigint[])")
                                        .setParameter(1, new Long[] {town.township.id})
                                        .getSingleResult())
                        .longValue();
                return new long[] {last, inScope};
            });
            long lastGrid = made[0];
            // more regions in the township's scope than a statement may have bind parameters
            org.assertj.core.api.Assertions.assertThat(made[1]).isGreaterThan(65_535);

            Ticket t = tickets.dispatched(town, town.villageB.id);
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("update ticket set grid_id = ?1, zone_id = ?2 where id = ?3")
                            .setParameter(1, lastGrid)
                            .setParameter(2, town.zoneB.id)
                            .setParameter(3, t.id)
                            .executeUpdate());
            long report = QuarkusTransaction.requiringNew()
                    .call(() -> ((Number) em.createNativeQuery(
                                            "insert into report (reporter_role, anonymous, claim_code_hash, status, input_lat, "
                                                    + "input_lng, input_crs, lat, lng, township_id, grid_id, routing, review_reasons, "
                                                    + "created_at, updated_at, review_due_at) "
                                                    + "values ('resident', true, md5(?1), 'PENDING_REVIEW', 25, 105, 'WGS84', 25, 105, "
                                                    + "?2, ?3, '{\"status\":\"NEEDS_DISPATCHER\",\"reasons\":[\"NO_RULE\"]}'::jsonb, "
                                                    + "'{NO_RULE}', now(), now(), now() + interval '4 hours') returning id")
                                    .setParameter(1, prefix)
                                    .setParameter(2, town.township.id)
                                    .setParameter(3, lastGrid)
                                    .getSingleResult())
                            .longValue());

            String dispatcher = Fixtures.token(town.dispatcher());
            Account zoneA = fixtures.staff(Set.of("dispatcher"), null, Set.of(town.zoneA.id));
            String zoneDispatcher = Fixtures.token(zoneA);

            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?size=100")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items.id", hasItem(t.id.intValue()));
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?regionId=" + town.zoneB.id)
                    .then()
                    .statusCode(200)
                    .body("items.id", hasItem(t.id.intValue()));
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets/facets")
                    .then()
                    .statusCode(200)
                    .body("grids.id", hasItem((int) lastGrid));
            given().auth()
                    .oauth2(dispatcher)
                    .queryParam("from", "2000-01-01T00:00:00Z")
                    .queryParam("to", "2100-01-01T00:00:00Z")
                    .get("/api/v1/tickets/on-time-rates")
                    .then()
                    .statusCode(200)
                    .body("unitId", hasItem(town.villageB.id.intValue()));
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets/" + t.id)
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/dispatch/reports?size=100")
                    .then()
                    .statusCode(200)
                    .body("items.id", hasItem((int) report));

            // the other zone's dispatcher: out of scope is absent from lists and 404 by id, as before
            given().auth()
                    .oauth2(zoneDispatcher)
                    .get("/api/v1/tickets?size=100")
                    .then()
                    .statusCode(200)
                    .body("items.id", not(hasItem(t.id.intValue())));
            given().auth()
                    .oauth2(zoneDispatcher)
                    .get("/api/v1/tickets/" + t.id)
                    .then()
                    .statusCode(404);
            given().auth()
                    .oauth2(zoneDispatcher)
                    .get("/api/v1/dispatch/reports?size=100")
                    .then()
                    .statusCode(200)
                    .body("items.id", not(hasItem((int) report)));
        } finally {
            // the shared test database goes back to its size: later tests' snapshots read every region
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("delete from report where claim_code_hash = md5(?1)")
                        .setParameter(1, prefix)
                        .executeUpdate();
                em.createNativeQuery("update ticket set grid_id = null where grid_id in "
                                + "(select id from region where code like ?1)")
                        .setParameter(1, prefix + "-%")
                        .executeUpdate();
                em.createNativeQuery("delete from region where code like ?1")
                        .setParameter(1, prefix + "-%")
                        .executeUpdate();
            });
        }
    }
}
