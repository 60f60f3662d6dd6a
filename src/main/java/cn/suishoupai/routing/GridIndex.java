package cn.suishoupai.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
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
 * <p><b>Memory:</b> each grid's rings are kept as one packed {@code double[]} of x,y pairs
 * ({@link PackedCoordinateSequence.Double}, 16 bytes a vertex) instead of a {@code Coordinate}
 * object per vertex, and no prepared geometry or per-grid edge index is kept: a candidate is
 * tested by ray crossing over its rings ({@link SimplePointInAreaLocator}, the same robust
 * {@code RayCrossingCounter} a prepared polygon uses, so the same answers on and off boundaries).
 * The STRtree narrows a lookup to the handful of grids whose envelope holds the point, so the
 * linear test costs a few microseconds for a 200-vertex grid. Index and geometries together take
 * ≈1.2× the grids' raw coordinates (docs/BENCHMARKS.md, "Routing snapshot").
 *
 * <p><b>Composition:</b> the router keeps one index per township ({@link RoutingSnapshot}); {@link
 * #lookup(List, double, double)} answers over several of them with the same tie-break as one index
 * over all their grids.
 *
 * <p><b>Thread safety:</b> safe for concurrent {@link #lookup}s once constructed: the STRtree is
 * built and every envelope computed in the constructor, after which lookups only read.
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

    /** Two ordinates a vertex, no Z or M: what WKB from the database holds and all that routing needs. */
    static final GeometryFactory PACKED = new GeometryFactory(PackedCoordinateSequenceFactory.DOUBLE_FACTORY);

    private static final Comparator<IndexedGrid> BY_CODE = Comparator.comparing(IndexedGrid::code);
    private static final Lookup NOTHING = new Lookup(null, List.of());

    private final STRtree tree;
    private final int size;
    private final List<IndexedGrid> grids;
    private final Envelope bounds = new Envelope();

    public GridIndex(List<IndexedGrid> grids) {
        STRtree built = new STRtree();
        List<IndexedGrid> kept = new ArrayList<>(grids.size());
        for (IndexedGrid grid : grids) {
            IndexedGrid compact = compact(grid);
            kept.add(compact);
            Envelope envelope = compact.geometry().getEnvelopeInternal();
            bounds.expandToInclude(envelope);
            built.insert(envelope, compact);
        }
        built.build(); // an STRtree is read-only (and safe to share) only after build()
        this.tree = built;
        this.size = grids.size();
        this.grids = List.copyOf(kept); // the compact copies the tree holds, not the given geometries
    }

    /** The indexed grids (their compact copies), in the order given. */
    public List<IndexedGrid> grids() {
        return grids;
    }

    public int size() {
        return size;
    }

    /** The envelope of every grid in the index (null envelope when empty). */
    Envelope bounds() {
        return bounds;
    }

    /** Routes a WGS-84 position; see the class comment for the tie-break rule. */
    public Lookup lookup(double lat, double lng) {
        return lookup(List.of(this), lat, lng);
    }

    /** Routes over several indexes as if they were one: candidates of all, the smallest covering code wins. */
    static Lookup lookup(List<GridIndex> indexes, double lat, double lng) {
        Envelope at = new Envelope(lng, lng, lat, lat);
        List<IndexedGrid> hits = new ArrayList<>(4);
        for (GridIndex index : indexes) {
            if (index.bounds.contains(lng, lat)) {
                index.tree.query(at, item -> hits.add((IndexedGrid) item));
            }
        }
        if (hits.isEmpty()) {
            return NOTHING;
        }
        if (hits.size() > 1) {
            hits.sort(BY_CODE);
        }
        Coordinate point = new Coordinate(lng, lat);
        List<Candidate> candidates = new ArrayList<>(hits.size());
        IndexedGrid match = null;
        for (IndexedGrid grid : hits) {
            boolean covers = SimplePointInAreaLocator.locate(point, grid.geometry()) != Location.EXTERIOR;
            if (covers && match == null) {
                match = grid; // hits are sorted by code, so the first cover is the smallest code
            }
            candidates.add(new Candidate(grid.gridId(), grid.code(), covers));
        }
        return new Lookup(match, candidates);
    }

    /**
     * The grid with its polygon(s) in packed 2-D sequences (a copy unless it already is), every
     * envelope computed now so that lookups never write.
     */
    static IndexedGrid compact(IndexedGrid grid) {
        Geometry g = grid.geometry();
        if (!(g instanceof Polygonal)) {
            throw new IllegalArgumentException("grid " + grid.code() + " is a " + g.getGeometryType()
                    + "; only Polygon and MultiPolygon can be routed to");
        }
        Geometry packed = isPacked(g) ? g : pack(g);
        packed.setSRID(g.getSRID());
        for (int i = 0; i < packed.getNumGeometries(); i++) {
            Polygon p = (Polygon) packed.getGeometryN(i);
            p.getEnvelopeInternal();
            p.getExteriorRing().getEnvelopeInternal();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                p.getInteriorRingN(h).getEnvelopeInternal();
            }
        }
        packed.getEnvelopeInternal();
        return packed == g ? grid : new IndexedGrid(grid.gridId(), grid.code(), packed);
    }

    private static boolean isPacked(Geometry g) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            if (!isPacked(p.getExteriorRing().getCoordinateSequence())) {
                return false;
            }
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                if (!isPacked(p.getInteriorRingN(h).getCoordinateSequence())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isPacked(CoordinateSequence s) {
        return s instanceof PackedCoordinateSequence.Double && s.getDimension() == 2;
    }

    private static Geometry pack(Geometry g) {
        if (g instanceof MultiPolygon) {
            Polygon[] parts = new Polygon[g.getNumGeometries()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = pack((Polygon) g.getGeometryN(i));
            }
            return PACKED.createMultiPolygon(parts);
        }
        return pack((Polygon) g);
    }

    private static Polygon pack(Polygon p) {
        LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
        for (int h = 0; h < holes.length; h++) {
            holes[h] = pack(p.getInteriorRingN(h));
        }
        return PACKED.createPolygon(pack(p.getExteriorRing()), holes);
    }

    private static LinearRing pack(LinearRing ring) {
        CoordinateSequence s = ring.getCoordinateSequence();
        double[] xy = new double[s.size() * 2];
        for (int i = 0; i < s.size(); i++) {
            xy[2 * i] = s.getX(i);
            xy[2 * i + 1] = s.getY(i);
        }
        return PACKED.createLinearRing(new PackedCoordinateSequence.Double(xy, 2, 0));
    }
}
