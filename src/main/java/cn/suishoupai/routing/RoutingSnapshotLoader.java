package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson;
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
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select version from routing_data_version where id = 1");
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
        try (ResultSet rs = c.createStatement().executeQuery(
                "select id, code, name, level, parent_id, geometry, retired_at is null as active from region")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                long parent = rs.getLong(5);
                regions.put(id, new RoutingSnapshot.Region(id, rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.wasNull() ? null : parent));
                byte[] geometry = rs.getBytes(6);
                // retired grids keep their history but no longer route
                if (geometry != null && rs.getBoolean(7)) {
                    try {
                        var g = wkb.read(geometry);
                        g.setSRID(GridGeoJson.SRID);
                        grids.add(new GridIndex.IndexedGrid(id, rs.getString(2), g));
                    } catch (ParseException e) {
                        throw new IllegalStateException("Corrupt geometry of grid " + rs.getString(2), e);
                    }
                }
            }
        }
        Map<Long, RoutingSnapshot.Unit> units = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("select id, code, name, type, active from unit")) {
            while (rs.next()) {
                units.put(rs.getLong(1), new RoutingSnapshot.Unit(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)));
            }
        }
        Map<Long, List<RoutingSnapshot.Unit>> community = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "select ur.region_id, ur.unit_id from unit_region ur join unit u on u.id = ur.unit_id "
                        + "where u.type = 'VILLAGE_COMMUNITY' order by ur.region_id, u.code")) {
            while (rs.next()) {
                community.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(units.get(rs.getLong(2)));
            }
        }
        Map<String, RoutingSnapshot.Category> categories = new HashMap<>();
        Map<Long, RoutingSnapshot.Category> categoriesById = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "select id, code, name_zh, name_en, default_severity, auto_dispatch from hazard_category where active")) {
            while (rs.next()) {
                RoutingSnapshot.Category category = new RoutingSnapshot.Category(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6));
                categories.put(category.code(), category);
                categoriesById.put(category.id(), category);
            }
        }
        Map<Long, List<Long>> assists = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("select rule_id, unit_id from routing_rule_assist order by unit_id")) {
            while (rs.next()) {
                assists.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        Map<Long, List<RuleSelector.Rule>> rules = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "select id, category_id, region_id, target, lead_unit_id from routing_rule where active")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                long cat = rs.getLong(2);
                Long category = rs.wasNull() ? null : cat;
                long lead = rs.getLong(5);
                Long leadUnit = rs.wasNull() ? null : lead;
                rules.computeIfAbsent(rs.getLong(3), k -> new ArrayList<>()).add(new RuleSelector.Rule(id, category,
                        rs.getLong(3), "TERRITORIAL".equals(rs.getString(4)), leadUnit, assists.getOrDefault(id, List.of())));
            }
        }
        return new RoutingSnapshot(version, new GridIndex(grids), regions, units, categories, categoriesById, rules, community,
                coverage(grids, regions));
    }

    /** ~100 m around the outermost grids, so a resident at the township's edge with a loose GPS fix is still in. */
    static final double COVERAGE_MARGIN_DEG = 0.001;

    static List<RoutingSnapshot.Coverage> coverage(List<GridIndex.IndexedGrid> grids, Map<Long, RoutingSnapshot.Region> regions) {
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
        byTownship.forEach((township, geometries) -> out.add(new RoutingSnapshot.Coverage(township,
                org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(
                        gf.buildGeometry(geometries).convexHull().buffer(COVERAGE_MARGIN_DEG)))));
        return out;
    }
}
