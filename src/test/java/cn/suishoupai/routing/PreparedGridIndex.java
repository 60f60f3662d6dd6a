package cn.suishoupai.routing;

import cn.suishoupai.routing.GridIndex.Candidate;
import cn.suishoupai.routing.GridIndex.IndexedGrid;
import cn.suishoupai.routing.GridIndex.Lookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The grid index as it was before issue 17 (one PreparedPolygon with its indexed point locator per
 * grid, Coordinate objects per vertex), kept only so that {@link SnapshotBench} can measure the old
 * and the new snapshot side by side in one run. Not used by the service.
 */
final class PreparedGridIndex {

    private static final Comparator<Entry> BY_CODE = Comparator.comparing(e -> e.grid.code());

    private final STRtree tree;
    private final int size;

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

    PreparedGridIndex(List<IndexedGrid> grids) {
        STRtree built = new STRtree();
        for (IndexedGrid grid : grids) {
            built.insert(grid.geometry().getEnvelopeInternal(), new Entry(grid));
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
