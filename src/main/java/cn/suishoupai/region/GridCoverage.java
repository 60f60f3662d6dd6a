package cn.suishoupai.region;

import cn.suishoupai.region.GridGeoJson.GridFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.locationtech.jts.operation.relateng.TopologyPredicate;

/** Coverage checks for the import report: grids that overlap, and holes no grid covers. */
public final class GridCoverage {

    /** Slivers below this are digitising noise, not a data problem worth reporting. */
    static final double MIN_REPORTED_AREA_M2 = 1.0;

    /** Two grids overlap; {@code codeA < codeB}. */
    @Schema(name = "GridOverlap")
    public record Overlap(String codeA, String codeB, double areaM2) {}

    /** An uncovered hole inside a township's grids; {@code centroidLatLng} is {lat, lng}. */
    public record Gap(String townshipCode, double areaM2, double[] centroidLatLng) {
        @Override
        public String toString() {
            return "Gap[townshipCode=" + townshipCode + ", areaM2=" + areaM2 + ", centroidLatLng="
                    + Arrays.toString(centroidLatLng) + "]";
        }
    }

    private GridCoverage() {}

    /**
     * Pairs of grids whose interiors intersect with more than 1 m², sorted by (codeA, codeB).
     * Only pairs with intersecting envelopes (from an STRtree) are relate-checked, a handful per
     * grid in a tessellation instead of n²; grids that merely share edges or vertices do not overlap.
     */
    public static List<Overlap> overlaps(List<GridFeature> grids) {
        STRtree tree = new STRtree();
        for (int i = 0; i < grids.size(); i++) {
            tree.insert(grids.get(i).geometry().getEnvelopeInternal(), i);
        }
        tree.build();
        TopologyPredicate interiorsIntersect = RelatePredicate.matches("T********");
        List<Overlap> result = new ArrayList<>();
        for (int i = 0; i < grids.size(); i++) {
            GridFeature a = grids.get(i);
            RelateNG preparedA = null; // only worth preparing when there is a candidate
            for (Object item : tree.query(a.geometry().getEnvelopeInternal())) {
                int j = (Integer) item;
                if (j <= i) {
                    continue; // each unordered pair once
                }
                GridFeature b = grids.get(j);
                if (preparedA == null) {
                    preparedA = RelateNG.prepare(a.geometry());
                }
                if (!preparedA.evaluate(b.geometry(), interiorsIntersect)) {
                    continue;
                }
                Geometry common = OverlayNGRobust.overlay(a.geometry(), b.geometry(), OverlayNG.INTERSECTION);
                double area = Areas.squareMeters(common);
                if (area > MIN_REPORTED_AREA_M2) {
                    boolean aFirst = a.code().compareTo(b.code()) <= 0;
                    result.add(aFirst ? new Overlap(a.code(), b.code(), area) : new Overlap(b.code(), a.code(), area));
                }
            }
        }
        result.sort(Comparator.comparing(Overlap::codeA).thenComparing(Overlap::codeB));
        return result;
    }

    /**
     * Holes inside the union of one township's grids (interior rings of the unioned polygons)
     * larger than 1 m², largest first. Area outside the township's outer boundary is not a gap:
     * the township boundary itself is not known here.
     */
    public static List<Gap> gaps(String townshipCode, List<GridFeature> gridsOfTownship) {
        if (gridsOfTownship.isEmpty()) {
            return List.of();
        }
        Geometry[] coverage = new Geometry[gridsOfTownship.size()];
        for (int i = 0; i < coverage.length; i++) {
            coverage[i] = gridsOfTownship.get(i).geometry();
        }
        // CoverageUnion only dissolves exactly matching shared edges: ~50x faster than a general
        // union (0.2 s vs 15 s for 10,000 grids of 200 vertices) but only correct for a valid
        // coverage (no overlaps, neighbours share vertices), which CoverageValidator checks.
        // Real uploads with slivers or T-junctions take the general (robust) union instead.
        Geometry union = CoverageValidator.isValid(coverage)
                ? CoverageUnion.union(coverage)
                : OverlayNGRobust.union(Arrays.asList(coverage), GridGeoJson.GEOMETRY_FACTORY);
        List<Gap> gaps = new ArrayList<>();
        for (int p = 0; p < union.getNumGeometries(); p++) {
            Geometry part = union.getGeometryN(p);
            if (!(part instanceof Polygon)) {
                continue;
            }
            Polygon polygon = (Polygon) part;
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                Polygon hole = GridGeoJson.GEOMETRY_FACTORY.createPolygon(
                        polygon.getInteriorRingN(h).getCoordinateSequence());
                double area = Areas.squareMeters(hole);
                if (area > MIN_REPORTED_AREA_M2) {
                    Point centroid = hole.getCentroid();
                    gaps.add(new Gap(townshipCode, area, new double[] {centroid.getY(), centroid.getX()}));
                }
            }
        }
        gaps.sort(Comparator.comparingDouble(Gap::areaM2).reversed());
        return gaps;
    }
}
