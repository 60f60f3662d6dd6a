package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.OrganisationRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Reads the routing data in one repeatable-read transaction, so the snapshot is consistent with
 * the version it is stamped with. Plain JDBC: this is a bulk read of thousands of polygons.
 */
@ApplicationScoped
public class RoutingSnapshotLoader {

    private final AgroalDataSource ds;

    RoutingSnapshotLoader(AgroalDataSource ds) {
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

    RoutingSnapshot load() {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read(c);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load routing data", e);
        }
    }

    private static RoutingSnapshot read(Connection c) throws SQLException {
        long version;
        try (ResultSet rs = c.createStatement().executeQuery("select version from routing_data_version where id = 1")) {
            rs.next();
            version = rs.getLong(1);
        }
        Map<Long, RoutingSnapshot.Region> regions = new HashMap<>();
        List<GridIndex.IndexedGrid> grids = new ArrayList<>();
        WKBReader wkb = new WKBReader();
        OrganisationRows.regions(c, r -> {
            regions.put(r.id(), new RoutingSnapshot.Region(r.id(), r.code(), r.name(), r.level(), r.parentId()));
            // retired grids keep their history but no longer route
            if (r.geometry() != null && r.active()) {
                try {
                    var g = wkb.read(r.geometry());
                    g.setSRID(GridGeoJson.SRID);
                    grids.add(new GridIndex.IndexedGrid(r.id(), r.code(), g));
                } catch (ParseException e) {
                    throw new IllegalStateException("Corrupt geometry of grid " + r.code(), e);
                }
            }
        });
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
        return new RoutingSnapshot(
                version,
                new GridIndex(grids),
                regions,
                units,
                categories,
                categoriesById,
                rules,
                community,
                coverage(grids, regions));
    }

    /** ~100 m around the outermost grids, so a resident at the township's edge with a loose GPS fix is still in. */
    static final double COVERAGE_MARGIN_DEG = 0.001;

    static List<RoutingSnapshot.Coverage> coverage(
            List<GridIndex.IndexedGrid> grids, Map<Long, RoutingSnapshot.Region> regions) {
        Map<Long, List<org.locationtech.jts.geom.Geometry>> byTownship = new HashMap<>();
        for (GridIndex.IndexedGrid g : grids) {
            RoutingSnapshot.Region r = regions.get(g.gridId());
            while (r != null && !"TOWNSHIP".equals(r.level())) {
                r = r.parentId() == null ? null : regions.get(r.parentId());
            }
            if (r != null) {
                byTownship.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(g.geometry());
            }
        }
        List<RoutingSnapshot.Coverage> out = new ArrayList<>();
        org.locationtech.jts.geom.GeometryFactory gf = new org.locationtech.jts.geom.GeometryFactory();
        byTownship.forEach((township, geometries) -> out.add(new RoutingSnapshot.Coverage(
                township,
                org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(
                        gf.buildGeometry(geometries).convexHull().buffer(COVERAGE_MARGIN_DEG)))));
        return out;
    }
}
