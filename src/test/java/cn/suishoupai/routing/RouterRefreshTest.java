package cn.suishoupai.routing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.common.Crs;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two instances against one database: the application (refreshed by its own scheduler) and a
 * second, independent router cache polling like another instance would. After an admin changes
 * a rule, both route by the new rule within 5 seconds.
 */
@QuarkusTest
class RouterRefreshTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingSnapshotLoader loader;

    private Long appLead(String admin, double[] p) {
        Number id = given().auth()
                .oauth2(admin)
                .queryParam("lat", p[0])
                .queryParam("lng", p[1])
                .queryParam("crs", "WGS84")
                .get("/api/v1/routing/preview")
                .then()
                .statusCode(200)
                .extract()
                .path("leadUnit.id");
        return id == null ? null : id.longValue();
    }

    private static Long cacheLead(RouterCache cache, double[] p) {
        RoutingDecision d = cache.route(p[0], p[1], Crs.WGS84, null);
        return d.leadUnit() == null ? null : d.leadUnit().id();
    }

    @Test
    void bothInstancesRouteByTheNewRuleWithinFiveSeconds() throws Exception {
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        town.rule(null, town.township.id, null, Set.of());
        double[] p = town.centre('A', 1, 1);

        RouterCache other = new RouterCache(loader);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(other::refreshIfStale, 0, 1, TimeUnit.SECONDS);
        try {
            waitUntil(
                    () -> town.villageA.id.equals(appLead(admin, p)) && town.villageA.id.equals(cacheLead(other, p)),
                    10_000);

            long changedAt = System.nanoTime();
            town.rule(null, town.zoneA.id, town.department.id, Set.of());
            long appSeen = waitUntil(() -> town.department.id.equals(appLead(admin, p)), 5_000);
            long otherSeen = waitUntil(() -> town.department.id.equals(cacheLead(other, p)), 5_000);
            long elapsedMs = (Math.max(appSeen, otherSeen) - changedAt) / 1_000_000;
            assertTrue(elapsedMs < 5_000, "took " + elapsedMs + " ms");
            assertEquals(other.version(), loader.currentVersion());
        } finally {
            poller.shutdownNow();
        }
    }

    /** Polls every 50 ms; returns System.nanoTime() when the condition first held, or fails. */
    private static long waitUntil(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within " + timeoutMs + " ms");
    }
}
