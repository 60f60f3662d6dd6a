package cn.suishoupai.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the ticket list counts at most {@link TicketViews#COUNT_LIMIT} tickets. A town's dispatcher
 * with exactly 10,000 tickets in scope gets the exact total; with 10,001 the total is 10,000 and
 * {@code totalCapped} says it is a lower bound; a narrower filter, and the last page, are exact again.
 * The copies are one {@code insert … select generate_series} of a dispatched ticket, removed at the end.
 */
@QuarkusTest
class TicketListCountTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    EntityManager em;

    @Test
    void aLongListSaysItsTotalIsALowerBound() {
        Town town = new Town(fixtures, Fixtures.token(fixtures.admin()));
        Ticket original = tickets.dispatched(town, town.villageA.id);
        String dispatcher = Fixtures.token(town.dispatcher());
        try {
            copy(original.id, TicketViews.COUNT_LIMIT - 1);
            // 10,000 in scope: counted to the end, exact
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?size=20")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(20))
                    .body("total", equalTo(10_000))
                    .body("totalCapped", equalTo(false));

            copy(original.id, 1);
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("update ticket set state = 'IN_PROGRESS' where id in "
                                    + "(select id from ticket where township_id = ?1 and id <> ?2 order by id limit 7)")
                            .setParameter(1, town.township.id)
                            .setParameter(2, original.id)
                            .executeUpdate());
            // 10,001: the count stops, the total is a lower bound
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?size=20&page=3")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(20))
                    .body("total", equalTo(10_000))
                    .body("totalCapped", equalTo(true));
            // the last page knows where the list ends: exact
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?size=20&page=500")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(1))
                    .body("total", equalTo(10_001))
                    .body("totalCapped", equalTo(false));
            // a filter that leaves few: counted, exact (page 0 of 5 is full, so this is the count's answer)
            given().auth()
                    .oauth2(dispatcher)
                    .get("/api/v1/tickets?size=5&state=IN_PROGRESS")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(5))
                    .body("total", equalTo(7))
                    .body("totalCapped", equalTo(false));
            // another township's dispatcher sees none of them
            Town other = new Town(fixtures, Fixtures.token(fixtures.admin()));
            given().auth()
                    .oauth2(Fixtures.token(other.dispatcher()))
                    .get("/api/v1/tickets?size=20")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(0))
                    .body("totalCapped", equalTo(false));
        } finally {
            // the shared test database goes back to its size (the copies have no events or other rows)
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("delete from ticket where township_id = ?1 and id <> ?2")
                            .setParameter(1, town.township.id)
                            .setParameter(2, original.id)
                            .executeUpdate());
        }
    }

    private void copy(long ticket, int times) {
        String columns = "category_id, severity, state, grid_id, zone_id, township_id, lead_unit_id, lat, lng, "
                + "created_at, updated_at, dispatched_at, due_at, due_owner, sign_due_at";
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("insert into ticket (" + columns + ") select " + columns
                                + " from ticket, generate_series(1, ?2) where id = ?1")
                        .setParameter(1, ticket)
                        .setParameter(2, times)
                        .executeUpdate());
    }
}
