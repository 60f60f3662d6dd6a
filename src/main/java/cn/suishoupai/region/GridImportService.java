package cn.suishoupai.region;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Position;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Imports grid polygons from a GeoJSON FeatureCollection, all or nothing. Invalid features reject
 * the whole file with a report naming each feature and reason; overlaps between grids and gaps
 * inside a township are warnings with their areas. Grids are matched by code, so importing the
 * same file again changes nothing.
 */
@ApplicationScoped
public class GridImportService {

    private static final Logger LOG = Logger.getLogger(GridImportService.class);

    @Schema(name = "GridFeatureProblem")
    public record FeatureProblem(int index, String code, String reason, String detail) {}

    @Schema(name = "GridImportReport")
    public record ImportReport(
            int features,
            int created,
            int updated,
            int unchanged,
            List<FeatureProblem> errors,
            List<GridCoverage.Overlap> overlaps,
            List<GapWarning> gaps) {

        /** The same report with the gaps' positions in {@code crs}. */
        public ImportReport in(Crs crs) {
            return new ImportReport(
                    features,
                    created,
                    updated,
                    unchanged,
                    errors,
                    overlaps,
                    gaps.stream().map(g -> g.in(crs)).toList());
        }
    }

    /** An uncovered hole inside a township's grids; lat/lng (a point inside it) are in crs. */
    @Schema(name = "GridGapWarning")
    public record GapWarning(String townshipCode, double areaM2, double lat, double lng, Crs crs) {

        GapWarning in(Crs target) {
            Position p = new Position(lat, lng, crs).in(target);
            return new GapWarning(townshipCode, areaM2, p.lat(), p.lng(), p.crs());
        }
    }

    private final Audit audit;
    private final Event<OrganisationChanged> organisationChanged;
    private final Clock clock;
    private final EntityManager em;

    GridImportService(Audit audit, Event<OrganisationChanged> organisationChanged, Clock clock, EntityManager em) {
        this.audit = audit;
        this.organisationChanged = organisationChanged;
        this.clock = clock;
        this.em = em;
    }

    @Transactional
    public ImportReport importGeoJson(byte[] body, Actor actor) {
        long t0 = System.nanoTime();
        GridGeoJson.Parsed parsed = GridGeoJson.parse(body);
        long parsedAt = System.nanoTime();
        List<FeatureProblem> errors = new ArrayList<>();
        parsed.errors()
                .forEach(e -> errors.add(
                        new FeatureProblem(e.index(), e.code(), e.reason().name(), e.detail())));

        Set<String> zoneCodes = parsed.features().stream()
                .map(GridGeoJson.GridFeature::zoneCode)
                .collect(Collectors.toSet());
        Map<String, Region> zones = zoneCodes.isEmpty()
                ? Map.of()
                : Region.<Region>list("code in ?1", zoneCodes).stream().collect(Collectors.toMap(r -> r.code, r -> r));
        Set<String> gridCodes =
                parsed.features().stream().map(GridGeoJson.GridFeature::code).collect(Collectors.toSet());
        Map<String, Region> existing = gridCodes.isEmpty()
                ? Map.of()
                : Region.<Region>list("code in ?1", gridCodes).stream().collect(Collectors.toMap(r -> r.code, r -> r));
        for (GridGeoJson.GridFeature f : parsed.features()) {
            Region zone = zones.get(f.zoneCode());
            if (zone == null || zone.level != Region.Level.ZONE || !zone.isActive()) {
                errors.add(new FeatureProblem(
                        f.index(), f.code(), "UNKNOWN_ZONE", "zoneCode " + f.zoneCode() + " is not an active zone"));
            }
            Region same = existing.get(f.code());
            if (same != null && same.level != Region.Level.GRID) {
                errors.add(new FeatureProblem(
                        f.index(),
                        f.code(),
                        "CODE_NOT_A_GRID",
                        "code " + f.code() + " belongs to a " + same.level + ", not a grid"));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> Integer.compare(a.index(), b.index()));
            throw new ApiException(422, "grid-import-rejected", errors.size())
                    .with("report", new ImportReport(parsed.features().size(), 0, 0, 0, errors, List.of(), List.of()));
        }

        RegionScope.require(actor, zones.values().stream().map(z -> z.id).toList());

        // Warnings are computed over what the townships will look like after the import.
        Map<Long, String> townshipOfZone = new HashMap<>();
        for (Region z : zones.values()) {
            Region t = Region.findById(z.parentId);
            townshipOfZone.put(z.id, t.code);
        }
        Map<String, List<GridGeoJson.GridFeature>> byTownship = new LinkedHashMap<>();
        for (GridGeoJson.GridFeature f : parsed.features()) {
            byTownship
                    .computeIfAbsent(townshipOfZone.get(zones.get(f.zoneCode()).id), k -> new ArrayList<>())
                    .add(f);
        }
        List<GridGeoJson.GridFeature> all = new ArrayList<>(parsed.features());
        for (Map.Entry<String, List<GridGeoJson.GridFeature>> e : byTownship.entrySet()) {
            for (GridGeoJson.GridFeature other : activeGridsOfTownship(e.getKey(), gridCodes)) {
                e.getValue().add(other);
                all.add(other);
            }
        }
        long resolvedAt = System.nanoTime();
        // The coverage report is pure computation and only warns: run it while the rows are stored.
        CompletableFuture<List<GridCoverage.Overlap>> overlapsLater =
                CompletableFuture.supplyAsync(() -> GridCoverage.overlaps(all));
        CompletableFuture<List<GapWarning>> gapsLater = CompletableFuture.supplyAsync(() -> {
            List<GapWarning> found = new ArrayList<>();
            byTownship.forEach((township, grids) -> GridCoverage.gaps(township, grids)
                    .forEach(g -> found.add(new GapWarning(
                            g.townshipCode(), g.areaM2(), g.centroidLatLng()[0], g.centroidLatLng()[1], Crs.WGS84))));
            return found;
        });
        Instant now = clock.instant();
        WKBWriter writer = new WKBWriter(2);
        List<GridGeoJson.GridFeature> toInsert = new ArrayList<>();
        List<GridGeoJson.GridFeature> toUpdate = new ArrayList<>();
        for (GridGeoJson.GridFeature f : parsed.features()) {
            Region zone = zones.get(f.zoneCode());
            Region r = existing.get(f.code());
            if (r == null) {
                toInsert.add(f);
            } else if (!(r.name.equals(f.name())
                    && zone.id.equals(r.parentId)
                    && sameShape(r.geometry, f.geometry()))) {
                toUpdate.add(f);
            }
        }
        // Thousands of polygons: batched JDBC on the transaction's own connection, not one
        // entity insert per round trip.
        Timestamp ts = Timestamp.from(now);
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ins =
                            c.prepareStatement("insert into region (code, name, level, parent_id, geometry, "
                                    + "area_m2, created_at, updated_at) values (?, ?, 'GRID', ?, ?, ?, ?, ?)");
                    PreparedStatement upd =
                            c.prepareStatement("update region set name = ?, parent_id = ?, geometry = ?, "
                                    + "area_m2 = ?, updated_at = ? where code = ? and level = 'GRID'")) {
                for (GridGeoJson.GridFeature f : toInsert) {
                    ins.setString(1, f.code());
                    ins.setString(2, f.name());
                    ins.setLong(3, zones.get(f.zoneCode()).id);
                    ins.setBytes(4, writer.write(f.geometry()));
                    ins.setDouble(5, Areas.squareMeters(f.geometry()));
                    ins.setTimestamp(6, ts);
                    ins.setTimestamp(7, ts);
                    ins.addBatch();
                }
                for (GridGeoJson.GridFeature f : toUpdate) {
                    upd.setString(1, f.name());
                    upd.setLong(2, zones.get(f.zoneCode()).id);
                    upd.setBytes(3, writer.write(f.geometry()));
                    upd.setDouble(4, Areas.squareMeters(f.geometry()));
                    upd.setTimestamp(5, ts);
                    upd.setString(6, f.code());
                    upd.addBatch();
                }
                ins.executeBatch();
                upd.executeBatch();
            }
        });
        // the batch bypassed the session: entities it loaded must not be trusted afterwards
        existing.values().forEach(em::detach);
        int created = toInsert.size();
        int updated = toUpdate.size();
        int unchanged = parsed.features().size() - created - updated;
        long storedAt = System.nanoTime();
        List<GridCoverage.Overlap> overlaps = overlapsLater.join();
        List<GapWarning> gaps = gapsLater.join();
        LOG.infof(
                "Grid import of %d features: parse %d ms, resolve %d ms, store %d ms, coverage report done %d ms later",
                parsed.features().size(),
                (parsedAt - t0) / 1_000_000,
                (resolvedAt - parsedAt) / 1_000_000,
                (storedAt - resolvedAt) / 1_000_000,
                (System.nanoTime() - storedAt) / 1_000_000);
        if (created + updated > 0) {
            organisationChanged.fire(new OrganisationChanged("grid"));
        }
        audit.record(
                actor,
                "grid.import",
                Target.of("grid"),
                "features=" + parsed.features().size() + " created=" + created + " updated=" + updated + " unchanged="
                        + unchanged + " overlaps=" + overlaps.size() + " gaps=" + gaps.size());
        return new ImportReport(parsed.features().size(), created, updated, unchanged, List.of(), overlaps, gaps);
    }

    /** Active grids as GeoJSON, optionally of one township, in {@code crs} (stated in a top-level member). */
    @Transactional
    public String export(String townshipCode, Crs crs) {
        List<Region> grids = Region.list(
                "level = ?1 and retiredAt is null and geometry is not null order by code", Region.Level.GRID);
        Map<Long, Region> zones =
                Region.<Region>list("level", Region.Level.ZONE).stream().collect(Collectors.toMap(z -> z.id, z -> z));
        Long townshipId = null;
        if (townshipCode != null) {
            Region t = Region.find("code = ?1 and level = ?2", townshipCode, Region.Level.TOWNSHIP)
                    .firstResult();
            if (t == null) {
                throw ApiException.notFound("region-not-found", townshipCode);
            }
            townshipId = t.id;
        }
        List<GridGeoJson.GridFeature> features = new ArrayList<>();
        int i = 0;
        for (Region g : grids) {
            Region zone = zones.get(g.parentId);
            if (townshipId != null && (zone == null || !townshipId.equals(zone.parentId))) {
                continue;
            }
            features.add(
                    new GridGeoJson.GridFeature(i++, g.code, g.name, zone == null ? "" : zone.code, read(g.geometry)));
        }
        return GridGeoJson.write(features, crs);
    }

    private static List<GridGeoJson.GridFeature> activeGridsOfTownship(String townshipCode, Set<String> excludeCodes) {
        List<Region> grids = Region.list("""
                select g from Region g, Region z, Region t
                where g.parentId = z.id and z.parentId = t.id and t.code = ?1
                  and g.level = ?2 and g.retiredAt is null and g.geometry is not null
                """, townshipCode, Region.Level.GRID);
        List<GridGeoJson.GridFeature> out = new ArrayList<>();
        for (Region g : grids) {
            if (!excludeCodes.contains(g.code)) {
                out.add(new GridGeoJson.GridFeature(-1, g.code, g.name, "", read(g.geometry)));
            }
        }
        return out;
    }

    private static boolean sameShape(byte[] stored, Geometry incoming) {
        return stored != null && read(stored).equalsExact(incoming);
    }

    static Geometry read(byte[] wkb) {
        try {
            Geometry g = new WKBReader(GridGeoJson.GEOMETRY_FACTORY).read(wkb);
            g.normalize();
            return g;
        } catch (ParseException e) {
            throw new IllegalStateException("Corrupt grid geometry", e);
        }
    }
}
