package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * Deterministic synthetic grid layouts for tests, benchmarks and demo data.
 *
 * <p>A lattice of {@code rows x cols} cells whose interior lattice vertices are jittered (by up to
 * 20 % of the spacing per axis, which keeps every cell a convex quadrilateral) and whose edges are
 * subdivided with a small perpendicular wiggle. Each edge is generated once and shared, reversed,
 * by the cell on its other side, so the cells tessellate exactly: no overlaps and no gaps.
 */
public final class SyntheticGrids {

    private static final double JITTER_FRACTION = 0.20;
    // Wiggle amplitude relative to the spacing; tapered to zero at both ends of an edge so that
    // edges meeting at a lattice vertex cannot cross (see wiggledEdge).
    private static final double WIGGLE_FRACTION = 0.02;

    private SyntheticGrids() {}

    /**
     * Builds the lattice. Cell (row, col) has code {@code codePrefix + "-R" + row + "C" + col},
     * zone {@code zoneOfColumn.apply(col)}, index {@code row * cols + col}; row 0 is the southern
     * row. Each cell ring has exactly {@code 4 * verticesPerEdge} distinct vertices (each edge
     * contributes its start vertex plus {@code verticesPerEdge - 1} intermediate ones). The outer
     * boundary is straight, so the lattice covers exactly the box starting at (minLat, minLng).
     */
    public static List<GridFeature> lattice(
            double minLat,
            double minLng,
            double cellDegrees,
            int rows,
            int cols,
            int verticesPerEdge,
            long seed,
            String codePrefix,
            IntFunction<String> zoneOfColumn) {
        if (rows < 1 || cols < 1 || verticesPerEdge < 1 || !(cellDegrees > 0)) {
            throw new IllegalArgumentException("rows, cols, verticesPerEdge and cellDegrees must be positive");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Coordinate[][] vertices = jitteredVertices(minLat, minLng, cellDegrees, rows, cols, random);
        double amplitude = WIGGLE_FRACTION * cellDegrees;

        // horizontal[r][c]: vertex (r,c) -> (r,c+1); vertical[r][c]: vertex (r,c) -> (r+1,c).
        Coordinate[][][] horizontal = new Coordinate[rows + 1][cols][];
        for (int r = 0; r <= rows; r++) {
            boolean outer = r == 0 || r == rows;
            for (int c = 0; c < cols; c++) {
                horizontal[r][c] = wiggledEdge(
                        vertices[r][c], vertices[r][c + 1], verticesPerEdge, outer ? 0.0 : amplitude, random);
            }
        }
        Coordinate[][][] vertical = new Coordinate[rows][cols + 1][];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c <= cols; c++) {
                boolean outer = c == 0 || c == cols;
                vertical[r][c] = wiggledEdge(
                        vertices[r][c], vertices[r + 1][c], verticesPerEdge, outer ? 0.0 : amplitude, random);
            }
        }

        List<GridFeature> cells = new ArrayList<>(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // Counter-clockwise: south edge east-wards, east edge north-wards,
                // north edge west-wards (shared, reversed), west edge south-wards (shared, reversed).
                Coordinate[] ring = new Coordinate[4 * verticesPerEdge + 1];
                int n = 0;
                n = append(ring, n, horizontal[r][c], false);
                n = append(ring, n, vertical[r][c + 1], false);
                n = append(ring, n, horizontal[r + 1][c], true);
                n = append(ring, n, vertical[r][c], true);
                ring[n] = ring[0].copy();
                Polygon polygon = GridGeoJson.GEOMETRY_FACTORY.createPolygon(ring);
                String code = codePrefix + "-R" + r + "C" + c;
                cells.add(new GridFeature(
                        r * cols + c,
                        code,
                        codePrefix + " grid R" + r + " C" + c,
                        zoneOfColumn.apply(c),
                        polygon.norm()));
            }
        }
        return cells;
    }

    private static Coordinate[][] jitteredVertices(
            double minLat, double minLng, double cell, int rows, int cols, SplittableRandom random) {
        Coordinate[][] vertices = new Coordinate[rows + 1][cols + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                double lng = minLng + c * cell;
                double lat = minLat + r * cell;
                boolean interior = r > 0 && r < rows && c > 0 && c < cols;
                // Boundary vertices stay put so the lattice keeps an exact rectangular outline.
                if (interior) {
                    lng += (random.nextDouble() * 2 - 1) * JITTER_FRACTION * cell;
                    lat += (random.nextDouble() * 2 - 1) * JITTER_FRACTION * cell;
                }
                vertices[r][c] = new Coordinate(lng, lat);
            }
        }
        return vertices;
    }

    /**
     * {@code segments + 1} points from {@code from} to {@code to} (both included). Offsets are
     * perpendicular to the chord and bounded by {@code amplitude * sin(pi t)}: the polyline stays a
     * function over the chord (so it cannot self-intersect) and leaves each end vertex at a small
     * angle (atan(pi * 0.02 / 0.6) ≈ 6°), well below the smallest corner angle of the jittered cells.
     */
    private static Coordinate[] wiggledEdge(
            Coordinate from, Coordinate to, int segments, double amplitude, SplittableRandom random) {
        double dx = to.x - from.x;
        double dy = to.y - from.y;
        double length = Math.hypot(dx, dy);
        double nx = -dy / length;
        double ny = dx / length;
        Coordinate[] points = new Coordinate[segments + 1];
        points[0] = from.copy();
        points[segments] = to.copy();
        for (int k = 1; k < segments; k++) {
            double t = (double) k / segments;
            double offset = amplitude * Math.sin(Math.PI * t) * (random.nextDouble() * 2 - 1);
            points[k] = new Coordinate(from.x + t * dx + offset * nx, from.y + t * dy + offset * ny);
        }
        return points;
    }

    /** Appends all points of an edge except its last one (the next edge starts there). */
    private static int append(Coordinate[] ring, int n, Coordinate[] edge, boolean reversed) {
        int last = edge.length - 1;
        for (int i = 0; i < last; i++) {
            ring[n++] = edge[reversed ? last - i : i].copy();
        }
        return n;
    }
}
