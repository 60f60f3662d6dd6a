package cn.suishoupai.region;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The organisation as rows, read on the caller's connection: routing builds its snapshot from them
 * inside one repeatable-read transaction (consistent with its version), and region stays the only
 * reader of its tables. Plain JDBC: a bulk read of thousands of polygons.
 */
public final class OrganisationRows {

    /**
     * A region without its geometry. hasGeometry: a grid with a polygon; active is false once retired;
     * rowVersion changes whenever the row is written (PostgreSQL's xmin, the id of the transaction that
     * wrote this version of the row), so a reader can tell which grids changed since it last read them.
     */
    public record RegionNode(
            long id,
            String code,
            String name,
            String level,
            Long parentId,
            boolean hasGeometry,
            boolean active,
            long rowVersion) {}

    public record UnitRow(long id, String code, String name, String type, boolean active) {}

    /** A village/community unit serving a region. */
    public record CommunityUnit(long regionId, long unitId) {}

    public record CategoryRow(
            long id, String code, String nameZh, String nameEn, String defaultSeverity, boolean autoDispatch) {}

    private OrganisationRows() {}

    /** Every region, retired ones included, without geometries. */
    public static void regionTree(Connection c, Consumer<RegionNode> each) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id, code, name, level, parent_id, geometry is not null, "
                        + "retired_at is null, xmin::text::bigint from region")) {
            while (rs.next()) {
                long parent = rs.getLong(5);
                Long parentId = rs.wasNull() ? null : parent;
                each.accept(new RegionNode(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        parentId,
                        rs.getBoolean(6),
                        rs.getBoolean(7),
                        rs.getLong(8)));
            }
        }
    }

    /** A grid's polygon as WKB. */
    public interface GeometryConsumer {
        void accept(long regionId, byte[] wkb);
    }

    /** The geometries of the given regions, one at a time (they are large), in no particular order. */
    public static void geometries(Connection c, long[] regionIds, GeometryConsumer each) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select id, geometry from region where id = any(?) and geometry is not null")) {
            ps.setArray(
                    1,
                    c.createArrayOf("bigint", Arrays.stream(regionIds).boxed().toArray()));
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getLong(1), rs.getBytes(2));
                }
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
