package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson.GridFeature;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The routing snapshot's memory and rebuild time, the old way and the new way side by side on the
 * same database (bench/routing-snapshot.sh makes it from the migrations and passes its URL).
 *
 * <p>Writes SIDE × SIDE synthetic grids ({@link SyntheticGrids}, 4 × VPE vertices each) under
 * TOWNSHIPS townships (square blocks of the lattice, one zone each) with plain JDBC, then:
 * <ul>
 *   <li>retained heap of the old snapshot (a PreparedPolygon per grid, {@link PreparedGridIndex}) and
 *       of the new one (a full {@link RoutingSnapshotLoader#load()}), measured as the used heap after
 *       full GCs with and without it, against the raw coordinates (16 bytes a vertex);
 *   <li>that both route 100,000 random points to the same grid, and how fast (a plain loop, not JMH);
 *   <li>the rebuild after one grid of one township is rewritten (its row updated, the data version
 *       moved): the old way (a full load) and the new way ({@code load(previous)}), wall and CPU
 *       time of the loading thread; and after a change that touches no grid (a rule edit).
 * </ul>
 * Run with -XX:+UseSerialGC so the heap figures are not blurred by concurrent collection.
 * Usage: SnapshotBench jdbcUrl [side=100] [verticesPerEdge=50] [townships=100] [runs=10]
 */
public final class SnapshotBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SnapshotBench() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int vpe = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int townships = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int perSide = (int) Math.round(Math.sqrt(townships));
        if (perSide * perSide != townships || side % perSide != 0) {
            throw new IllegalArgumentException("townships must be a square number whose root divides side");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(System.getProperty("user", "postgres"));

        List<GridFeature> lattice =
                SyntheticGrids.lattice(28.0, 120.0, 0.01, side, side, vpe, 20240601L, "SB", c -> "");
        long vertices = 0;
        for (GridFeature f : lattice) {
            vertices += f.geometry().getNumPoints();
        }
        long raw = vertices * 16;
        long[] gridIds = write(ds, lattice, side, perSide);
        System.out.printf(
                Locale.ROOT,
                "data: %d grids of %d vertices under %d townships (%d grids each); raw coordinates %.1f MB%n",
                lattice.size(),
                lattice.get(0).geometry().getNumPoints(),
                townships,
                lattice.size() / townships,
                raw / 1e6);
        lattice = null;

        RoutingSnapshotLoader loader = new RoutingSnapshotLoader(ds);
        // warm-up: both ways once (JIT, JDBC, class loading), then measured
        legacyLoad(ds);
        loader.load();

        Timed<Legacy> oldFull = timed(() -> legacyLoad(ds));
        long oldHeap = retained(() -> legacyLoad(ds));
        Timed<RoutingSnapshot> newFull = timed(loader::load);
        long newHeap = retained(loader::load);
        System.out.printf(
                Locale.ROOT,
                "RESULT what=heap old_mb=%.1f new_mb=%.1f raw_mb=%.1f old_ratio=%.2f new_ratio=%.2f%n",
                oldHeap / 1e6,
                newHeap / 1e6,
                raw / 1e6,
                (double) oldHeap / raw,
                (double) newHeap / raw);
        System.out.printf(
                Locale.ROOT,
                "RESULT what=full-load old_ms=%.0f old_cpu_ms=%.0f new_ms=%.0f new_cpu_ms=%.0f%n",
                oldFull.wallMs,
                oldFull.cpuMs,
                newFull.wallMs,
                newFull.cpuMs);

        compareLookups(oldFull.value, newFull.value);

        // one grid of one township rewritten, as a re-import that updates it does
        RoutingSnapshot previous = newFull.value;
        List<Double> oldMs = new ArrayList<>();
        List<Double> newMs = new ArrayList<>();
        List<Double> newCpu = new ArrayList<>();
        List<Double> ruleMs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int run = 0; run < runs; run++) {
            touchGrid(ds, gridIds[random.nextInt(gridIds.length)]);
            RoutingSnapshot before = previous;
            Timed<RoutingSnapshot> next = timed(() -> loader.load(before));
            int rebuilt = rebuilt(before, next.value);
            if (rebuilt != 1) {
                throw new IllegalStateException("expected one township rebuilt, got " + rebuilt);
            }
            newMs.add(next.wallMs);
            newCpu.add(next.cpuMs);
            oldMs.add(timed(() -> legacyLoad(ds)).wallMs);
            bumpVersion(ds); // a rule, unit or category edit: no grid row changes
            RoutingSnapshot beforeRule = next.value;
            Timed<RoutingSnapshot> ruleOnly = timed(() -> loader.load(beforeRule));
            if (rebuilt(beforeRule, ruleOnly.value) != 0) {
                throw new IllegalStateException("a change without grid rows rebuilt a township");
            }
            ruleMs.add(ruleOnly.wallMs);
            previous = ruleOnly.value;
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT what=one-township-rebuild runs=%d old_full_ms=%s new_ms=%s new_cpu_ms=%s%n",
                runs,
                stats(oldMs),
                stats(newMs),
                stats(newCpu));
        System.out.printf(Locale.ROOT, "RESULT what=no-grid-change-rebuild runs=%d new_ms=%s%n", runs, stats(ruleMs));
        Reference.reachabilityFence(previous);
    }

    private static int rebuilt(RoutingSnapshot before, RoutingSnapshot after) {
        int n = 0;
        for (RoutingSnapshot.TownshipPart p : after.parts().values()) {
            if (before.parts().get(p.townshipId()) != p) {
                n++;
            }
        }
        return n;
    }

    /** The old snapshot's grid part: every geometry parsed into Coordinate objects, a prepared polygon each. */
    record Legacy(PreparedGridIndex index, List<RoutingSnapshot.Coverage> coverage, Map<Long, Object> regions) {}

    static Legacy legacyLoad(DataSource ds) {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            st.setFetchSize(1000);
            Map<Long, Object> regions = new HashMap<>();
            Map<Long, Long> parents = new HashMap<>();
            Map<Long, String> levels = new HashMap<>();
            List<GridIndex.IndexedGrid> grids = new ArrayList<>();
            WKBReader wkb = new WKBReader();
            try (ResultSet rs = st.executeQuery(
                    "select id, code, name, level, parent_id, geometry, retired_at is null from region")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    long parent = rs.getLong(5);
                    Long parentId = rs.wasNull() ? null : parent;
                    regions.put(
                            id,
                            new RoutingSnapshot.Region(
                                    id, rs.getString(2), rs.getString(3), rs.getString(4), parentId));
                    parents.put(id, parentId);
                    levels.put(id, rs.getString(4));
                    byte[] g = rs.getBytes(6);
                    if (g != null && rs.getBoolean(7)) {
                        grids.add(new GridIndex.IndexedGrid(id, rs.getString(2), wkb.read(g)));
                    }
                }
            }
            c.rollback();
            Map<Long, List<Geometry>> byTownship = new HashMap<>();
            for (GridIndex.IndexedGrid g : grids) {
                Long r = g.gridId();
                while (r != null && !"TOWNSHIP".equals(levels.get(r))) {
                    r = parents.get(r);
                }
                if (r != null) {
                    byTownship.computeIfAbsent(r, k -> new ArrayList<>()).add(g.geometry());
                }
            }
            List<RoutingSnapshot.Coverage> coverage = new ArrayList<>();
            GeometryFactory gf = new GeometryFactory();
            byTownship.forEach((t, geometries) -> coverage.add(new RoutingSnapshot.Coverage(
                    t,
                    PreparedGeometryFactory.prepare(gf.buildGeometry(geometries)
                            .convexHull()
                            .buffer(RoutingSnapshotLoader.COVERAGE_MARGIN_DEG)))));
            return new Legacy(new PreparedGridIndex(grids), coverage, regions);
        } catch (SQLException | org.locationtech.jts.io.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compareLookups(Legacy old, RoutingSnapshot fresh) {
        int points = 100_000;
        double[] lat = new double[points];
        double[] lng = new double[points];
        SplittableRandom random = new SplittableRandom(7);
        Envelope box = new Envelope();
        for (GridIndex index : allIndexes(fresh)) {
            box.expandToInclude(index.bounds());
        }
        for (int i = 0; i < points; i++) {
            lat[i] = box.getMinY() + random.nextDouble() * box.getHeight();
            lng[i] = box.getMinX() + random.nextDouble() * box.getWidth();
        }
        for (int i = 0; i < points; i++) {
            GridIndex.Lookup a = old.index().lookup(lat[i], lng[i]);
            GridIndex.Lookup b = fresh.lookup(lat[i], lng[i]);
            if (!a.candidates().equals(b.candidates())
                    || (a.match() == null) != (b.match() == null)
                    || (a.match() != null && a.match().gridId() != b.match().gridId())) {
                throw new IllegalStateException(
                        "old and new route " + lat[i] + "," + lng[i] + " differently: " + a + " / " + b);
            }
        }
        // a few rounds each, the last one timed (the JIT has seen both by then)
        double oldRate = 0;
        double newRate = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < points; i++) {
                Reference.reachabilityFence(old.index().lookup(lat[i], lng[i]));
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < points; i++) {
                Reference.reachabilityFence(fresh.lookup(lat[i], lng[i]));
            }
            long t2 = System.nanoTime();
            oldRate = points / ((t1 - t0) / 1e9);
            newRate = points / ((t2 - t1) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT what=lookups points=%d same=true old_per_s=%.0f new_per_s=%.0f%n",
                points,
                oldRate,
                newRate);
    }

    private static List<GridIndex> allIndexes(RoutingSnapshot s) {
        return s.parts().values().stream()
                .map(RoutingSnapshot.TownshipPart::grids)
                .toList();
    }

    /** Grids under townships of perSide × perSide lattice blocks, one zone each; returns the grids' ids. */
    private static long[] write(DataSource ds, List<GridFeature> lattice, int side, int perSide) throws SQLException {
        long[] ids = new long[lattice.size()];
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long district = insertRegion(c, "SB-D", "DISTRICT", null);
            long[] zones = new long[perSide * perSide];
            for (int t = 0; t < zones.length; t++) {
                long township = insertRegion(c, "SB-T" + t, "TOWNSHIP", district);
                zones[t] = insertRegion(c, "SB-Z" + t, "ZONE", township);
            }
            WKBWriter writer = new WKBWriter(2);
            int block = side / perSide;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into region (code, name, level, parent_id, geometry, area_m2, updated_at) "
                            + "values (?, ?, 'GRID', ?, ?, 1, now()) returning id",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (GridFeature f : lattice) {
                    int row = f.index() / side;
                    int col = f.index() % side;
                    ps.setString(1, f.code());
                    ps.setString(2, "网格 " + f.code());
                    ps.setLong(3, zones[(row / block) * perSide + col / block]);
                    ps.setBytes(4, writer.write(f.geometry()));
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    int i = 0;
                    while (keys.next()) {
                        ids[i++] = keys.getLong(1);
                    }
                }
            }
            bumpVersion(c);
            c.commit();
        }
        return ids;
    }

    private static long insertRegion(Connection c, String code, String level, Long parent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into region (code, name, level, parent_id) values (?, ?, ?, ?) returning id")) {
            ps.setString(1, code);
            ps.setString(2, code);
            ps.setString(3, level);
            ps.setObject(4, parent);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void touchGrid(DataSource ds, long gridId) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("update region set geometry = geometry, updated_at = now() where id = ?")) {
            c.setAutoCommit(false);
            ps.setLong(1, gridId);
            ps.executeUpdate();
            bumpVersion(c);
            c.commit();
        }
    }

    private static void bumpVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            bumpVersion(c);
        }
    }

    private static void bumpVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("update routing_data_version set version = version + 1, changed_at = now() where id = 1");
        }
    }

    record Timed<T>(T value, double wallMs, double cpuMs) {}

    private static <T> Timed<T> timed(Supplier<T> work) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        T value = work.get();
        long t1 = System.nanoTime();
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        return new Timed<>(value, (t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6);
    }

    /** Used heap after full GCs with the built object held, minus without it. */
    private static long retained(Supplier<Object> build) {
        long before = usedAfterGc();
        Object kept = build.get();
        long after = usedAfterGc();
        Reference.reachabilityFence(kept);
        return after - before;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static String stats(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "median:%.0f,min:%.0f,max:%.0f", v[v.length / 2], v[0], v[v.length - 1]);
    }
}
