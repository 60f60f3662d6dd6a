package cn.suishoupai.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
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
 * built eagerly, and after {@code build()} queries only read it. JTS documents
 * {@code PreparedPolygon} as thread-safe: its lazily created point locator is obtained through a
 * {@code synchronized} getter and {@code IndexedPointInAreaLocator} builds its index under a lock
 * into a {@code volatile} field; the constructor also warms every locator so no lookup pays for it.
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
    public record Candidate(long gridId, String code, boolean covers) {
    }

    /** Routing result: {@code match} is null when no grid covers the point; candidates sorted by code. */
    public record Lookup(IndexedGrid match, List<Candidate> candidates) {
        public Lookup {
            candidates = List.copyOf(candidates);
        }
    }

    private static final Comparator<Entry> BY_CODE = Comparator.comparing(e -> e.grid.code());

    private final STRtree tree;
    private final GeometryFactory pointFactory = new GeometryFactory();
    private final int size;

    private static final class Entry {
        final IndexedGrid grid;
        final PreparedGeometry prepared;

        Entry(IndexedGrid grid) {
            this.grid = grid;
            this.prepared = PreparedGeometryFactory.prepare(grid.geometry());
        }
    }

    public GridIndex(List<IndexedGrid> grids) {
        // Node capacity 10 (the JTS default) keeps envelope checks per query low for cell-like data.
        STRtree built = new STRtree();
        for (IndexedGrid grid : grids) {
            Entry entry = new Entry(grid);
            // Warm the lazily built point-in-area index now rather than on the first report.
            Coordinate anyVertex = grid.geometry().getCoordinate();
            if (anyVertex != null) {
                entry.prepared.covers(pointFactory.createPoint(anyVertex));
            }
            built.insert(grid.geometry().getEnvelopeInternal(), entry);
        }
        built.build(); // an STRtree is read-only (and safe to share) only after build()
        this.tree = built;
        this.size = grids.size();
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
        hits.sort(BY_CODE);
        Point point = pointFactory.createPoint(new Coordinate(lng, lat));
        List<Candidate> candidates = new ArrayList<>(hits.size());
        IndexedGrid match = null;
        for (Entry entry : hits) {
            boolean covers = entry.prepared.covers(point);
            if (covers && match == null) {
                match = entry.grid; // hits are sorted by code, so the first cover is the smallest code
            }
            candidates.add(new Candidate(entry.grid.gridId(), entry.grid.code(), covers));
        }
        return new Lookup(match, candidates);
    }
}
