package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.OrganisationRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Reads the routing data in one repeatable-read transaction, so the snapshot is consistent with
 * the version it is stamped with. Plain JDBC: this is a bulk read of thousands of polygons.
 *
 * <p>Incremental: given the previous snapshot, it reads the region tree without geometries (with
 * each row's version), groups the active grids by township and rebuilds only the townships whose
 * grid rows differ from the ones their part was built from (a grid added, retired, moved, reshaped
 * or renamed; a zone moved between townships); every other township's part, with its geometries,
 * index and coverage, is shared with the previous snapshot. Units, categories and rules are small
 * global tables, read in full every time. So a rule or category edit rebuilds no geometry, and a
 * grid import into one township parses and indexes that township's grids only.
 */
@ApplicationScoped
public class RoutingSnapshotLoader {

    private final DataSource ds;

    @Inject
    RoutingSnapshotLoader(AgroalDataSource ds) {
        this((DataSource) ds);
    }

    /** For tools and benchmarks outside the application (any PostgreSQL data source of the schema). */
    RoutingSnapshotLoader(DataSource ds) {
        this.ds = ds;
    }

    long currentVersion() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select version from routing_data_version where id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read routing data version", e);
        }
    }

    /** A full load. */
    RoutingSnapshot load() {
        return load(null);
    }

    /** A load that shares every unchanged township's part with {@code previous} (may be null). */
    RoutingSnapshot load(RoutingSnapshot previous) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read(c, previous);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load routing data", e);
        }
    }

    private static RoutingSnapshot read(Connection c, RoutingSnapshot previous) throws SQLException {
        long version;
        try (ResultSet rs = c.createStatement().executeQuery("select version from routing_data_version where id = 1")) {
            rs.next();
            version = rs.getLong(1);
        }
        Map<Long, RoutingSnapshot.Region> regions = new HashMap<>();
        List<OrganisationRows.RegionNode> grids = new ArrayList<>();
        OrganisationRows.regionTree(c, r -> {
            regions.put(r.id(), new RoutingSnapshot.Region(r.id(), r.code(), r.name(), r.level(), r.parentId()));
            // retired grids keep their history but no longer route
            if (r.hasGeometry() && r.active()) {
                grids.add(r);
            }
        });
        Map<Long, RoutingSnapshot.TownshipPart> parts = parts(c, grids, regions, previous);
        Map<Long, RoutingSnapshot.Unit> units = new HashMap<>();
        for (OrganisationRows.UnitRow u : OrganisationRows.units(c)) {
            units.put(u.id(), new RoutingSnapshot.Unit(u.id(), u.code(), u.name(), u.type(), u.active()));
        }
        Map<Long, List<RoutingSnapshot.Unit>> community = new HashMap<>();
        for (OrganisationRows.CommunityUnit cu : OrganisationRows.communityUnits(c)) {
            community.computeIfAbsent(cu.regionId(), k -> new ArrayList<>()).add(units.get(cu.unitId()));
        }
        Map<String, RoutingSnapshot.Category> categories = new HashMap<>();
        Map<Long, RoutingSnapshot.Category> categoriesById = new HashMap<>();
        for (OrganisationRows.CategoryRow row : OrganisationRows.activeCategories(c)) {
            RoutingSnapshot.Category category = new RoutingSnapshot.Category(
                    row.id(), row.code(), row.nameZh(), row.nameEn(), row.defaultSeverity(), row.autoDispatch());
            categories.put(category.code(), category);
            categoriesById.put(category.id(), category);
        }
        Map<Long, List<Long>> assists = new HashMap<>();
        try (ResultSet rs =
                c.createStatement().executeQuery("select rule_id, unit_id from routing_rule_assist order by unit_id")) {
            while (rs.next()) {
                assists.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        Map<Long, List<RuleSelector.Rule>> rules = new HashMap<>();
        try (ResultSet rs = c.createStatement()
                .executeQuery(
                        "select id, category_id, region_id, target, lead_unit_id from routing_rule where active")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                long cat = rs.getLong(2);
                Long category = rs.wasNull() ? null : cat;
                long lead = rs.getLong(5);
                Long leadUnit = rs.wasNull() ? null : lead;
                rules.computeIfAbsent(rs.getLong(3), k -> new ArrayList<>())
                        .add(new RuleSelector.Rule(
                                id,
                                category,
                                rs.getLong(3),
                                "TERRITORIAL".equals(rs.getString(4)),
                                leadUnit,
                                assists.getOrDefault(id, List.of())));
            }
        }
        return RoutingSnapshot.of(version, parts, regions, units, categories, categoriesById, rules, community);
    }

    /**
     * The grids by township, each township's part reused from {@code previous} when it was built
     * from the same grid rows, else built from their geometries (read here, for those grids only).
     */
    private static Map<Long, RoutingSnapshot.TownshipPart> parts(
            Connection c,
            List<OrganisationRows.RegionNode> grids,
            Map<Long, RoutingSnapshot.Region> regions,
            RoutingSnapshot previous)
            throws SQLException {
        Map<Long, List<OrganisationRows.RegionNode>> byTownship = new HashMap<>();
        for (OrganisationRows.RegionNode g : grids) {
            RoutingSnapshot.Region t = township(regions, g.id());
            byTownship
                    .computeIfAbsent(t == null ? RoutingSnapshot.NO_TOWNSHIP : t.id(), k -> new ArrayList<>())
                    .add(g);
        }
        Map<Long, RoutingSnapshot.TownshipPart> parts = new HashMap<>();
        Map<Long, long[]> toBuild = new HashMap<>();
        int toRead = 0;
        for (Map.Entry<Long, List<OrganisationRows.RegionNode>> e : byTownship.entrySet()) {
            long[] fingerprint = fingerprint(e.getValue());
            RoutingSnapshot.TownshipPart old =
                    previous == null ? null : previous.parts().get(e.getKey());
            if (old != null && Arrays.equals(old.fingerprint(), fingerprint)) {
                parts.put(e.getKey(), old);
            } else {
                toBuild.put(e.getKey(), fingerprint);
                toRead += e.getValue().size();
            }
        }
        if (toBuild.isEmpty()) {
            return parts;
        }
        long[] ids = new long[toRead];
        int i = 0;
        for (Long township : toBuild.keySet()) {
            for (OrganisationRows.RegionNode g : byTownship.get(township)) {
                ids[i++] = g.id();
            }
        }
        Map<Long, Geometry> geometries = new HashMap<>(toRead * 2);
        WKBReader wkb = new WKBReader(GridIndex.PACKED);
        OrganisationRows.geometries(c, ids, (id, bytes) -> {
            try {
                Geometry g = wkb.read(bytes);
                g.setSRID(GridGeoJson.SRID);
                geometries.put(id, g);
            } catch (ParseException ex) {
                throw new IllegalStateException(
                        "Corrupt geometry of grid " + regions.get(id).code(), ex);
            }
        });
        for (Map.Entry<Long, long[]> e : toBuild.entrySet()) {
            List<GridIndex.IndexedGrid> indexed = new ArrayList<>();
            for (OrganisationRows.RegionNode g : byTownship.get(e.getKey())) {
                Geometry geometry = geometries.get(g.id());
                if (geometry != null) { // written after the tree was read: not in this snapshot
                    indexed.add(new GridIndex.IndexedGrid(g.id(), g.code(), geometry));
                }
            }
            parts.put(e.getKey(), part(e.getKey(), e.getValue(), indexed));
        }
        return parts;
    }

    static RoutingSnapshot.TownshipPart part(long township, long[] fingerprint, List<GridIndex.IndexedGrid> grids) {
        GridIndex index = new GridIndex(grids);
        RoutingSnapshot.Coverage coverage =
                township == RoutingSnapshot.NO_TOWNSHIP || grids.isEmpty() ? null : coverage(township, grids);
        return new RoutingSnapshot.TownshipPart(township, fingerprint, index, coverage);
    }

    /** The township above a region, or null. */
    static RoutingSnapshot.Region township(Map<Long, RoutingSnapshot.Region> regions, long regionId) {
        RoutingSnapshot.Region r = regions.get(regionId);
        while (r != null && !"TOWNSHIP".equals(r.level())) {
            r = r.parentId() == null ? null : regions.get(r.parentId());
        }
        return r;
    }

    /** id, row version, id, row version … by id: what a township's part was built from. */
    static long[] fingerprint(List<OrganisationRows.RegionNode> grids) {
        long[] out = new long[grids.size() * 2];
        List<OrganisationRows.RegionNode> byId = new ArrayList<>(grids);
        byId.sort(Comparator.comparingLong(OrganisationRows.RegionNode::id));
        for (int i = 0; i < byId.size(); i++) {
            out[2 * i] = byId.get(i).id();
            out[2 * i + 1] = byId.get(i).rowVersion();
        }
        return out;
    }

    /** ~100 m around the outermost grids, so a resident at the township's edge with a loose GPS fix is still in. */
    static final double COVERAGE_MARGIN_DEG = 0.001;

    static RoutingSnapshot.Coverage coverage(long township, List<GridIndex.IndexedGrid> grids) {
        // The shells' vertices, read straight from the packed sequences: Geometry.getCoordinates()
        // would leave a cached Coordinate[] (soft reference) on every ring of the snapshot.
        List<Coordinate> vertices = new ArrayList<>();
        for (GridIndex.IndexedGrid g : grids) {
            for (int i = 0; i < g.geometry().getNumGeometries(); i++) {
                CoordinateSequence shell = ((Polygon) g.geometry().getGeometryN(i))
                        .getExteriorRing()
                        .getCoordinateSequence();
                for (int v = 0; v < shell.size(); v++) {
                    vertices.add(new Coordinate(shell.getX(v), shell.getY(v)));
                }
            }
        }
        GeometryFactory gf = new GeometryFactory();
        Geometry hull = new ConvexHull(vertices.toArray(Coordinate[]::new), gf).getConvexHull();
        return new RoutingSnapshot.Coverage(
                township, PreparedGeometryFactory.prepare(hull.buffer(COVERAGE_MARGIN_DEG)));
    }
}
