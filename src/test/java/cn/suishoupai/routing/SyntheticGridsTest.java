package cn.suishoupai.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.region.Areas;
import cn.suishoupai.region.GridCoverage;
import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

class SyntheticGridsTest {

    private static List<GridFeature> lattice(int verticesPerEdge, long seed) {
        return SyntheticGrids.lattice(28.30, 120.50, 0.01, 10, 10, verticesPerEdge, seed, "T1", c -> "Z" + (c / 5));
    }

    @ParameterizedTest(name = "verticesPerEdge {0}")
    @CsvSource({"12", "25", "50"})
    void tenByTenLatticeIsAValidGapFreeNonOverlappingTessellation(int verticesPerEdge) {
        List<GridFeature> cells = lattice(verticesPerEdge, 42L);

        assertEquals(100, cells.size());
        for (GridFeature cell : cells) {
            assertTrue(IsValidOp.isValid(cell.geometry()), cell::code);
            // 4 edges x verticesPerEdge distinct vertices, plus the closing position.
            assertEquals(4 * verticesPerEdge + 1, cell.geometry().getNumPoints(), cell::code);
            assertEquals(0, ((Polygon) cell.geometry()).getNumInteriorRing());
        }
        assertEquals(List.of(), GridCoverage.overlaps(cells));
        assertEquals(List.of(), GridCoverage.gaps("T1", cells));

        // Independent check: the cells add up to exactly the lattice's bounding box.
        double sum = cells.stream()
                .mapToDouble(c -> Areas.squareMeters(c.geometry()))
                .sum();
        Envelope bbox = new Envelope();
        cells.forEach(c -> bbox.expandToInclude(c.geometry().getEnvelopeInternal()));
        assertEquals(120.50, bbox.getMinX(), 1e-12);
        assertEquals(120.60, bbox.getMaxX(), 1e-12);
        assertEquals(28.30, bbox.getMinY(), 1e-12);
        assertEquals(28.40, bbox.getMaxY(), 1e-12);
        double boxArea = Areas.squareMeters(GridGeoJson.GEOMETRY_FACTORY.toGeometry(bbox));
        assertEquals(boxArea, sum, boxArea * 1e-6);
    }

    @Test
    void codesZonesAndIndexesFollowRowAndColumn() {
        List<GridFeature> cells = lattice(12, 42L);
        GridFeature cell = cells.get(3 * 10 + 7);
        assertEquals("T1-R3C7", cell.code());
        assertEquals("Z1", cell.zoneCode());
        assertEquals(37, cell.index());
        assertTrue(cell.geometry().getEnvelopeInternal().intersects(120.50 + 7.5 * 0.01, 28.30 + 3.5 * 0.01));
    }

    @Test
    void sameSeedSameLatticeOtherSeedOtherLattice() {
        assertEquals(lattice(12, 42L), lattice(12, 42L));
        assertNotEquals(lattice(12, 42L), lattice(12, 43L));
    }

    @Test
    void cellsAreJitteredAndWiggledNotRegular() {
        // An interior cell must differ from the plain lattice square (jitter) and have non-collinear edge points
        // (wiggle).
        GridFeature cell = lattice(12, 42L).get(5 * 10 + 5);
        Polygon square = (Polygon) GridGeoJson.GEOMETRY_FACTORY.toGeometry(new Envelope(120.55, 120.56, 28.35, 28.36));
        assertTrue(cell.geometry().symDifference(square).getArea() > 0.01 * square.getArea());
        // Straight edges would leave a convex quadrilateral; wiggled edges make the cell non-convex.
        assertTrue(cell.geometry().convexHull().getArea() > cell.geometry().getArea() * (1 + 1e-6));
    }
}
