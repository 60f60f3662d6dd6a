package cn.suishoupai.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import cn.suishoupai.routing.GridIndex.Candidate;
import cn.suishoupai.routing.GridIndex.IndexedGrid;
import cn.suishoupai.routing.GridIndex.Lookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

class GridIndexTest {

    /*
     * Fixture (lng 120.00..120.02, lat 28.00..28.02), 0.01° cells, codes deliberately not in
     * insertion order:      NW = "G-C"  NE = "G-A"
     *                       SW = "G-D"  SE = "G-B"
     * plus MultiPolygon "M" further east: part 0 = [120.05,120.08]x[28.00,28.03] with a hole
     * [120.06,120.07]x[28.01,28.02]; part 1 = [120.10,120.11]x[28.00,28.01].
     */
    private static final List<IndexedGrid> FIXTURE = List.of(
            grid(1, "G-D", box(120.00, 28.00, 120.01, 28.01)),
            grid(2, "G-B", box(120.01, 28.00, 120.02, 28.01)),
            grid(3, "G-C", box(120.00, 28.01, 120.01, 28.02)),
            grid(4, "G-A", box(120.01, 28.01, 120.02, 28.02)),
            grid(
                    5,
                    "M",
                    box(120.05, 28.00, 120.08, 28.03)
                            .difference(box(120.06, 28.01, 120.07, 28.02))
                            .union(box(120.10, 28.00, 120.11, 28.01))));

    private static IndexedGrid grid(long id, String code, Geometry geometry) {
        return new IndexedGrid(id, code, geometry);
    }

    private static Geometry box(double lng1, double lat1, double lng2, double lat2) {
        return GridGeoJson.GEOMETRY_FACTORY.toGeometry(new Envelope(lng1, lng2, lat1, lat2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                // case,                               lat,    lng,     match, candidates (code:covers, sorted by code)
                "inside SW cell,                       28.005, 120.005, G-D,   G-D:true",
                "inside NE cell,                       28.015, 120.015, G-A,   G-A:true",
                "outside every envelope,               27.990, 120.005, -,     ''",
                "on SW/SE shared edge -> smaller code, 28.005, 120.010, G-B,   G-B:true G-D:true",
                "on NW/SW shared edge -> smaller code, 28.010, 120.005, G-C,   G-C:true G-D:true",
                "on vertex shared by 4 cells,          28.010, 120.010, G-A,   G-A:true G-B:true G-C:true G-D:true",
                "on outer boundary,                    28.000, 120.005, G-D,   G-D:true",
                "on outer corner,                      28.020, 120.020, G-A,   G-A:true",
                "in hole of MultiPolygon,              28.015, 120.065, -,     M:false",
                "on hole boundary of MultiPolygon,     28.010, 120.065, M,     M:true",
                "in first polygon of MultiPolygon,     28.005, 120.055, M,     M:true",
                "in second polygon of MultiPolygon,    28.005, 120.105, M,     M:true",
                "between MultiPolygon parts,           28.005, 120.090, -,     M:false",
            })
    void routesPoint(String name, double lat, double lng, String expectedCode, String expectedCandidates) {
        Lookup lookup = new GridIndex(FIXTURE).lookup(lat, lng);

        assertEquals(
                expectedCode, lookup.match() == null ? null : lookup.match().code(), name);
        assertEquals(expectedCandidates, describe(lookup.candidates()), name);
    }

    private static String describe(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.code() + ":" + c.covers()).collect(Collectors.joining(" "));
    }

    @Test
    void tieBreakDoesNotDependOnInsertionOrder() {
        double[][] borderPoints = {{28.005, 120.010}, {28.010, 120.005}, {28.010, 120.010}, {28.010, 120.015}};
        List<IndexedGrid> shuffled = new ArrayList<>(FIXTURE);
        for (long seed = 0; seed < 20; seed++) {
            Collections.shuffle(shuffled, new Random(seed));
            GridIndex index = new GridIndex(shuffled);
            for (double[] p : borderPoints) {
                GridIndex.Lookup expected = new GridIndex(FIXTURE).lookup(p[0], p[1]);
                assertEquals(expected, index.lookup(p[0], p[1]), "seed " + seed);
            }
        }
    }

    @Test
    void candidatesCarryGridIds() {
        Lookup lookup = new GridIndex(FIXTURE).lookup(28.010, 120.010);
        assertEquals(
                List.of(4L, 2L, 3L, 1L),
                lookup.candidates().stream().map(Candidate::gridId).toList());
        assertEquals(4L, lookup.match().gridId());
    }

    @Test
    void everyPointOfASyntheticLatticeRoutesToTheCellCoveringIt() {
        List<GridFeature> cells = SyntheticGrids.lattice(28.30, 120.50, 0.01, 10, 10, 20, 9L, "T", c -> "Z");
        GridIndex index = new GridIndex(toIndexed(cells));
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            double lat = 28.30 + random.nextDouble() * 0.10;
            double lng = 120.50 + random.nextDouble() * 0.10;
            Lookup lookup = index.lookup(lat, lng);
            assertNotNull(lookup.match(), () -> "no grid at " + lat + "," + lng);
            long covering =
                    lookup.candidates().stream().filter(Candidate::covers).count();
            assertTrue(covering >= 1 && lookup.candidates().size() <= 9, lookup::toString);
            assertTrue(lookup.match()
                    .geometry()
                    .covers(GridGeoJson.GEOMETRY_FACTORY.createPoint(
                            new org.locationtech.jts.geom.Coordinate(lng, lat))));
        }
    }

    @Test
    void candidateCoversAgreesWithJtsCoversIncludingOnVertices() {
        List<GridFeature> cells = SyntheticGrids.lattice(28.30, 120.50, 0.01, 5, 5, 15, 11L, "T", c -> "Z");
        GridIndex index = new GridIndex(toIndexed(cells));
        List<org.locationtech.jts.geom.Coordinate> probes = new ArrayList<>();
        cells.forEach(c -> probes.addAll(List.of(c.geometry().getCoordinates()))); // exactly on boundaries
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            probes.add(new org.locationtech.jts.geom.Coordinate(
                    120.49 + random.nextDouble() * 0.07, 28.29 + random.nextDouble() * 0.07));
        }
        for (org.locationtech.jts.geom.Coordinate p : probes) {
            Lookup lookup = index.lookup(p.y, p.x);
            for (Candidate candidate : lookup.candidates()) {
                Geometry geometry = cells.get((int) candidate.gridId() - 1).geometry();
                assertEquals(
                        geometry.covers(GridGeoJson.GEOMETRY_FACTORY.createPoint(p)),
                        candidate.covers(),
                        () -> candidate + " at " + p);
            }
        }
    }

    @Test
    void concurrentLookupsAgreeWithSequentialOnes() throws Exception {
        List<GridFeature> cells = SyntheticGrids.lattice(28.30, 120.50, 0.01, 20, 20, 25, 3L, "T", c -> "Z");
        GridIndex index = new GridIndex(toIndexed(cells));
        Random random = new Random(5);
        int n = 20_000;
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new double[] {28.30 + random.nextDouble() * 0.2, 120.50 + random.nextDouble() * 0.2};
        }
        // Sequential answers from a separate index, so shared lazy state cannot mask a race.
        GridIndex reference = new GridIndex(toIndexed(cells));
        String[] expected = new String[n];
        for (int i = 0; i < n; i++) {
            expected[i] = reference.lookup(points[i][0], points[i][1]).match().code();
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 997;
                results.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int k = 0; k < n; k++) {
                        int i = (k + offset) % n;
                        Lookup lookup = index.lookup(points[i][0], points[i][1]);
                        if (lookup.match() == null || !lookup.match().code().equals(expected[i])) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void emptyIndexMatchesNothing() {
        Lookup lookup = new GridIndex(List.of()).lookup(28.0, 120.0);
        assertNull(lookup.match());
        assertTrue(lookup.candidates().isEmpty());
    }

    static List<IndexedGrid> toIndexed(List<GridFeature> cells) {
        List<IndexedGrid> grids = new ArrayList<>(cells.size());
        for (GridFeature cell : cells) {
            grids.add(new IndexedGrid(cell.index() + 1L, cell.code(), cell.geometry()));
        }
        return grids;
    }
}
