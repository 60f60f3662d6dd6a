package cn.suishoupai.region;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The organisation as rows, read on the caller's connection: routing builds its snapshot from them
 * inside one repeatable-read transaction (consistent with its version), and region stays the only
 * reader of its tables. Plain JDBC: a bulk read of thousands of polygons.
 */
public final class OrganisationRows {

    /** geometry is WKB (grids only); active is false once retired. */
    public record RegionRow(
            long id, String code, String name, String level, Long parentId, byte[] geometry, boolean active) {}

    public record UnitRow(long id, String code, String name, String type, boolean active) {}

    /** A village/community unit serving a region. */
    public record CommunityUnit(long regionId, long unitId) {}

    public record CategoryRow(
            long id, String code, String nameZh, String nameEn, String defaultSeverity, boolean autoDispatch) {}

    private OrganisationRows() {}

    /** Every region, retired ones included, one at a time (the geometries are large). */
    public static void regions(Connection c, Consumer<RegionRow> each) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select id, code, name, level, parent_id, geometry, retired_at is null as active from region")) {
            while (rs.next()) {
                long parent = rs.getLong(5);
                Long parentId = rs.wasNull() ? null : parent;
                each.accept(new RegionRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        parentId,
                        rs.getBytes(6),
                        rs.getBoolean(7)));
            }
        }
    }

    public static List<UnitRow> units(Connection c) throws SQLException {
        List<UnitRow> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id, code, name, type, active from unit")) {
            while (rs.next()) {
                out.add(new UnitRow(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
        return out;
    }

    /** The village/community units of each region, by region id, then unit code. */
    public static List<CommunityUnit> communityUnits(Connection c) throws SQLException {
        List<CommunityUnit> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select ur.region_id, ur.unit_id from unit_region ur join unit u on u.id = ur.unit_id "
                                + "where u.type = 'VILLAGE_COMMUNITY' order by ur.region_id, u.code")) {
            while (rs.next()) {
                out.add(new CommunityUnit(rs.getLong(1), rs.getLong(2)));
            }
        }
        return out;
    }

    public static List<CategoryRow> activeCategories(Connection c) throws SQLException {
        List<CategoryRow> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select id, code, name_zh, name_en, default_severity, auto_dispatch from hazard_category where active")) {
            while (rs.next()) {
                out.add(new CategoryRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6)));
            }
        }
        return out;
    }
}
