package cn.suishoupai.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Immutable point-in-polygon index that routes a WGS-84 position to the grid containing it.
 *
 * <p><b>Tie-break:</b> grids are meant to tessellate, so a point on a shared edge or vertex is
 * covered by several grids. The grid with the lexicographically smallest {@code code} wins, so the
 * same point always routes to the same grid regardless of insertion order. Boundaries count as
 * inside ({@code covers}), so a point exactly on the outer boundary still routes; a point in a
 * hole of a (Multi)Polygon is not covered.
 *
 * <p><b>Thread safety:</b> safe for concurrent {@link #lookup}s once constructed. The STRtree is
 * built eagerly, and after {@code build()} queries only read it. Point-in-polygon tests use the
 * {@code IndexedPointInAreaLocator} of each grid's {@code PreparedPolygon} (JTS documents
 * PreparedPolygon as thread-safe); the locator builds its index lazily under a lock into a
 * {@code volatile} field, and the constructor forces that build, so lookups only read shared state.
 */
public final class GridIndex {

    /** A grid to index; {@code geometry} is a WGS-84 lng/lat Polygon or MultiPolygon. */
    public record IndexedGrid(long gridId, String code, Geometry geometry) {
        public IndexedGrid {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(geometry, "geometry");
        }
    }

    /** A grid whose envelope contains the point, and whether its polygon covers it. */
    public record Candidate(long gridId, String code, boolean covers) {}

    /** Routing result: {@code match} is null when no grid covers the point; candidates sorted by code. */
    public record Lookup(IndexedGrid match, List<Candidate> candidates) {
        public Lookup {
            candidates = List.copyOf(candidates);
        }
    }

    private static final Comparator<Entry> BY_CODE = Comparator.comparing(e -> e.grid.code());

    private final STRtree tree;
    private final int size;
    private final List<IndexedGrid> grids;

    private static final class Entry {
        final IndexedGrid grid;
        final PointOnGeometryLocator locator;

        Entry(IndexedGrid grid) {
            if (!(grid.geometry() instanceof Polygonal)) {
                throw new IllegalArgumentException("grid " + grid.code() + " is a "
                        + grid.geometry().getGeometryType() + "; only Polygon and MultiPolygon can be routed to");
            }
            this.grid = grid;
            // PreparedPolygon.covers(point) is exactly "locator.locate(p) != EXTERIOR". Calling the
            // prepared polygon's locator directly skips a Point, a predicate object and a
            // synchronized getter per call (about a quarter of the lookup time).
            PreparedPolygon prepared = (PreparedPolygon) PreparedGeometryFactory.prepare(grid.geometry());
            this.locator = prepared.getPointLocator();
            // Build the locator's lazy index now, not on the first report routed here.
            Coordinate anyVertex = grid.geometry().getCoordinate();
            if (anyVertex != null) {
                locator.locate(anyVertex);
            }
        }

        boolean covers(Coordinate point) {
            return locator.locate(point) != Location.EXTERIOR;
        }
    }

    public GridIndex(List<IndexedGrid> grids) {
        STRtree built = new STRtree();
        for (IndexedGrid grid : grids) {
            built.insert(grid.geometry().getEnvelopeInternal(), new Entry(grid));
        }
        built.build(); // an STRtree is read-only (and safe to share) only after build()
        this.tree = built;
        this.size = grids.size();
        this.grids = List.copyOf(grids);
    }

    /** The indexed grids, in the order given. */
    public List<IndexedGrid> grids() {
        return grids;
    }

    public int size() {
        return size;
    }

    /** Routes a WGS-84 position; see the class comment for the tie-break rule. */
    public Lookup lookup(double lat, double lng) {
        Envelope at = new Envelope(lng, lng, lat, lat);
        List<Entry> hits = new ArrayList<>(4);
        tree.query(at, item -> hits.add((Entry) item));
        if (hits.isEmpty()) {
            return new Lookup(null, List.of());
        }
        if (hits.size() > 1) {
            hits.sort(BY_CODE);
        }
        Coordinate point = new Coordinate(lng, lat);
        List<Candidate> candidates = new ArrayList<>(hits.size());
        IndexedGrid match = null;
        for (Entry entry : hits) {
            boolean covers = entry.covers(point);
            if (covers && match == null) {
                match = entry.grid; // hits are sorted by code, so the first cover is the smallest code
            }
            candidates.add(new Candidate(entry.grid.gridId(), entry.grid.code(), covers));
        }
        return new Lookup(match, candidates);
    }
}
