package cn.suishoupai.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.common.Crs;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A reload rebuilds only the townships whose grids changed and shares every other township's part
 * (geometries, index, coverage) with the snapshot it replaces; a rule edit rebuilds no part. Every
 * change goes through the admin API; a second router cache (like another instance's) is inspected.
 */
@QuarkusTest
class SnapshotRefreshTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RoutingSnapshotLoader loader;

    @Test
    void onlyTheChangedTownshipsAreRebuilt() {
        String admin = Fixtures.token(fixtures.admin());
        // side by side: zone B of town one moves to town two below, and the hull of two's township stays near them
        List<Town> towns = Town.sideBySide(fixtures, admin, 2);
        Town one = towns.get(0);
        Town two = towns.get(1);
        RouterCache cache = new RouterCache(loader);
        cache.refreshIfStale();
        RoutingSnapshot s0 = cache.snapshot();
        assertEquals(8, s0.parts().get(one.township.id).grids().size());
        assertEquals(8, s0.parts().get(two.township.id).grids().size());

        // reshape one grid of town one: its western half only
        double[] west = {one.minLat + 0.5 * Town.CELL, one.minLng + 0.25 * Town.CELL};
        double[] east = {one.minLat + 0.5 * Town.CELL, one.minLng + 0.75 * Town.CELL};
        assertEquals(one.gridCode('A', 0, 0), gridAt(cache, east));
        String reshaped = "{\"type\":\"FeatureCollection\",\"features\":["
                + Town.feature(
                        one.gridCode('A', 0, 0),
                        one.zoneA.code,
                        rectangle(one.minLat, one.minLng, one.minLat + Town.CELL, one.minLng + Town.CELL / 2))
                + "]}";
        one.importGrids(reshaped).then().statusCode(200).body("updated", equalTo(1));
        assertTrue(cache.refreshIfStale());
        RoutingSnapshot s1 = cache.snapshot();
        assertNotSame(s0.parts().get(one.township.id), s1.parts().get(one.township.id));
        assertEquals(s0.parts().size(), s1.parts().size());
        s0.parts().forEach((township, part) -> {
            if (township != one.township.id.longValue()) {
                assertSame(part, s1.parts().get(township), "township " + township + " was rebuilt");
            }
        });
        assertEquals(one.gridCode('A', 0, 0), gridAt(cache, west));
        RoutingDecision gap = cache.route(east[0], east[1], Crs.WGS84, null);
        assertEquals(null, gap.grid());
        assertTrue(gap.reasons().contains(RoutingDecision.Reason.OUTSIDE_GRIDS));
        assertEquals(one.township.id, gap.township().id(), "a gap inside the township's coverage");

        // a rule edit: no geometry rebuilt, the new rule used
        two.rule(null, two.township.id, two.department.id, Set.of());
        assertTrue(cache.refreshIfStale());
        RoutingSnapshot s2 = cache.snapshot();
        s1.parts().forEach((township, part) -> assertSame(part, s2.parts().get(township)));
        double[] inTwo = two.centre('B', 1, 1);
        assertEquals(
                two.department.id,
                cache.route(inTwo[0], inTwo[1], Crs.WGS84, null).leadUnit().id());

        // zone B of town one moves to town two: both townships rebuilt, the others shared
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("parentId", two.township.id))
                .patch("/api/v1/admin/regions/" + one.zoneB.id)
                .then()
                .statusCode(200);
        assertTrue(cache.refreshIfStale());
        RoutingSnapshot s3 = cache.snapshot();
        assertEquals(4, s3.parts().get(one.township.id).grids().size());
        assertEquals(12, s3.parts().get(two.township.id).grids().size());
        s2.parts().forEach((township, part) -> {
            if (township != one.township.id.longValue() && township != two.township.id.longValue()) {
                assertSame(part, s3.parts().get(township), "township " + township + " was rebuilt");
            }
        });
        double[] moved = one.centre('B', 0, 0);
        RoutingDecision d = cache.route(moved[0], moved[1], Crs.WGS84, null);
        assertEquals(one.gridCode('B', 0, 0), d.grid().code());
        assertEquals(two.township.id, d.township().id());
        assertEquals(two.department.id, d.leadUnit().id(), "town two's township rule now applies");

        // retiring a grid rebuilds its township only, and the grid no longer routes
        long retired = idOf(s3, one.gridCode('A', 1, 1));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .post("/api/v1/admin/regions/" + retired + "/actions/retire")
                .then()
                .statusCode(200);
        assertTrue(cache.refreshIfStale());
        RoutingSnapshot s4 = cache.snapshot();
        assertEquals(3, s4.parts().get(one.township.id).grids().size());
        assertSame(s3.parts().get(two.township.id), s4.parts().get(two.township.id));
        double[] gone = one.centre('A', 1, 1);
        assertEquals(null, cache.route(gone[0], gone[1], Crs.WGS84, null).grid());

        // and a full load from scratch routes exactly as the incrementally refreshed snapshot
        RoutingSnapshot full = loader.load();
        for (Town t : new Town[] {one, two}) {
            for (char zone : new char[] {'A', 'B'}) {
                for (int row = 0; row < 2; row++) {
                    for (int col = 0; col < 2; col++) {
                        double[] p = t.centre(zone, row, col);
                        assertEquals(
                                Router.route(full, p[0], p[1], Crs.WGS84, null),
                                Router.route(s4, p[0], p[1], Crs.WGS84, null));
                    }
                }
            }
        }
    }

    /** A closed counter-clockwise rectangle as GeoJSON polygon coordinates. */
    private static String rectangle(double lat0, double lng0, double lat1, double lng1) {
        return String.format(
                Locale.ROOT,
                "[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]",
                lng0,
                lat0,
                lng1,
                lat0,
                lng1,
                lat1,
                lng0,
                lat1,
                lng0,
                lat0);
    }

    private static String gridAt(RouterCache cache, double[] p) {
        RoutingDecision d = cache.route(p[0], p[1], Crs.WGS84, null);
        assertNotNull(d.grid(), "no grid at " + p[0] + "," + p[1]);
        return d.grid().code();
    }

    private static long idOf(RoutingSnapshot s, String code) {
        return s.regions().values().stream()
                .filter(r -> r.code().equals(code))
                .findFirst()
                .orElseThrow()
                .id();
    }
}
