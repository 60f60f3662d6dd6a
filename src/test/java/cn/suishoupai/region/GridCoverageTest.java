package cn.suishoupai.region;

import static cn.suishoupai.region.AreasTest.ellipsoidalBoxArea;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.GridCoverage.Gap;
import cn.suishoupai.region.GridCoverage.Overlap;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;

class GridCoverageTest {

    private static final double CELL = 0.01;
    private static final double LAT0 = 28.36;
    private static final double LNG0 = 120.60;

    private static GridFeature cell(String code, double lat1, double lng1, double lat2, double lng2) {
        return new GridFeature(
                0, code, code, "Z", AreasTest.box(lat1, lng1, lat2, lng2).norm());
    }

    /** Unit cell (row, col) of a regular lattice anchored at (LAT0, LNG0). */
    private static GridFeature latticeCell(int row, int col) {
        return cell(
                "C" + row + col,
                LAT0 + row * CELL,
                LNG0 + col * CELL,
                LAT0 + (row + 1) * CELL,
                LNG0 + (col + 1) * CELL);
    }

    @Test
    void overlappingSquaresReportTheOverlapArea() {
        // B is A shifted east by 40 % of a cell: the overlap is the western 60 % of B.
        GridFeature a = cell("G-A", LAT0, LNG0, LAT0 + CELL, LNG0 + CELL);
        GridFeature b = cell("G-B", LAT0, LNG0 + 0.4 * CELL, LAT0 + CELL, LNG0 + 1.4 * CELL);
        double expected = ellipsoidalBoxArea(LAT0, LNG0 + 0.4 * CELL, LAT0 + CELL, LNG0 + CELL);

        // Input order reversed on purpose: codeA must still be the smaller code.
        List<Overlap> overlaps = GridCoverage.overlaps(List.of(b, a));

        assertEquals(1, overlaps.size(), overlaps::toString);
        Overlap overlap = overlaps.get(0);
        assertEquals("G-A", overlap.codeA());
        assertEquals("G-B", overlap.codeB());
        assertEquals(expected, overlap.areaM2(), expected * 0.01);
    }

    @Test
    void squaresSharingAnEdgeOrVertexDoNotOverlap() {
        List<GridFeature> grids = List.of(latticeCell(0, 0), latticeCell(0, 1), latticeCell(1, 1));
        assertEquals(List.of(), GridCoverage.overlaps(grids));
    }

    @Test
    void overlapsAreSortedAndEachPairReportedOnce() {
        GridFeature big = cell("Z-BIG", LAT0, LNG0, LAT0 + 2 * CELL, LNG0 + 2 * CELL);
        List<GridFeature> grids = List.of(big, latticeCell(1, 1), latticeCell(0, 0), latticeCell(0, 1));

        List<Overlap> overlaps = GridCoverage.overlaps(grids);

        assertEquals(
                List.of("C00/Z-BIG", "C01/Z-BIG", "C11/Z-BIG"),
                overlaps.stream().map(o -> o.codeA() + "/" + o.codeB()).toList());
    }

    @Test
    void ringOfEightCellsAroundAMissingCentreHasOneGap() {
        List<GridFeature> ring = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                if (row != 1 || col != 1) {
                    ring.add(latticeCell(row, col));
                }
            }
        }
        double expected = ellipsoidalBoxArea(LAT0 + CELL, LNG0 + CELL, LAT0 + 2 * CELL, LNG0 + 2 * CELL);

        List<Gap> gaps = GridCoverage.gaps("T-1", ring);

        assertEquals(1, gaps.size(), gaps::toString);
        Gap gap = gaps.get(0);
        assertEquals("T-1", gap.townshipCode());
        assertEquals(expected, gap.areaM2(), expected * 0.01);
        assertEquals(LAT0 + 1.5 * CELL, gap.centroidLatLng()[0], 1e-9);
        assertEquals(LNG0 + 1.5 * CELL, gap.centroidLatLng()[1], 1e-9);
    }

    /** The same centre hole must be found when the grids are not a clean coverage (general-union path). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"T-junction: one wide cell spans the top row", "west column overlaps its neighbours"})
    void gapIsFoundInAnInvalidCoverageToo(String layout) {
        List<GridFeature> grids = new ArrayList<>();
        if (layout.startsWith("T-junction")) {
            grids.add(cell("TOP", LAT0 + 2 * CELL, LNG0, LAT0 + 3 * CELL, LNG0 + 3 * CELL));
            grids.addAll(List.of(
                    latticeCell(0, 0), latticeCell(0, 1), latticeCell(0, 2), latticeCell(1, 0), latticeCell(1, 2)));
        } else {
            grids.add(cell("WEST", LAT0, LNG0, LAT0 + 3 * CELL, LNG0 + 1.2 * CELL)); // 0.2 cell into the centre
            grids.addAll(List.of(
                    latticeCell(0, 1), latticeCell(0, 2), latticeCell(1, 2), latticeCell(2, 1), latticeCell(2, 2)));
        }
        assertFalse(
                org.locationtech.jts.coverage.CoverageValidator.isValid(
                        grids.stream().map(GridFeature::geometry).toArray(Geometry[]::new)),
                "fixture must be an invalid coverage");
        double westEdge = layout.startsWith("T-junction") ? LNG0 + CELL : LNG0 + 1.2 * CELL;
        double expected = ellipsoidalBoxArea(LAT0 + CELL, westEdge, LAT0 + 2 * CELL, LNG0 + 2 * CELL);

        List<Gap> gaps = GridCoverage.gaps("T-1", grids);

        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(expected, gaps.get(0).areaM2(), expected * 0.01);
    }

    @Test
    void fullTessellationHasNoGaps() {
        List<GridFeature> full = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                full.add(latticeCell(row, col));
            }
        }
        assertEquals(List.of(), GridCoverage.gaps("T-1", full));
        assertEquals(List.of(), GridCoverage.gaps("T-1", List.of()));
    }

    @Test
    void gapsSmallerThanOneSquareMetreAreIgnored() {
        // A 0.5 m wide hole: about 0.5 m x 0.5 m = 0.25 m², below the reporting threshold.
        double tiny = 0.5 / 111_000.0;
        GridFeature outer = cell("O", LAT0, LNG0, LAT0 + CELL, LNG0 + CELL);
        GridFeature punched = new GridFeature(
                0,
                "P",
                "P",
                "Z",
                outer.geometry()
                        .difference(AreasTest.box(LAT0 + 0.005, LNG0 + 0.005, LAT0 + 0.005 + tiny, LNG0 + 0.005 + tiny))
                        .norm());
        assertTrue(GridCoverage.gaps("T", List.of(punched)).isEmpty());

        GridFeature bigHole = new GridFeature(
                0,
                "Q",
                "Q",
                "Z",
                outer.geometry()
                        .difference(AreasTest.box(
                                LAT0 + 0.005, LNG0 + 0.005, LAT0 + 0.005 + 4 * tiny, LNG0 + 0.005 + 4 * tiny))
                        .norm());
        assertEquals(1, GridCoverage.gaps("T", List.of(bigHole)).size());
    }
}
