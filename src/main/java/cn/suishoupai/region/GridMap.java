package cn.suishoupai.region;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.CoordinateConverter;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Values;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The grid polygons a staff member may see, for drawing on a map (the console's maps): the active
 * grids at or below the caller's regions (all of them for a service-wide account) whose envelope meets
 * a bounding box, as GeoJSON in the caller's coordinate system; and the lists a dispatcher picks from
 * (units serving their regions, categories).
 */
@ApplicationScoped
public class GridMap {

    /** The widest box asked for, in degrees each way: a large county is well under one degree. */
    public static final double MAX_SPAN_DEGREES = 5.0;
    /** The most grids one answer carries; a map of a larger area asks for a smaller box. */
    public static final int MAX_GRIDS = 20_000;

    private final EntityManager em;

    GridMap(EntityManager em) {
        this.em = em;
    }

    /**
     * A bounding box "minLng,minLat,maxLng,maxLat" (the GeoJSON order) in {@code crs}; null when none
     * was given. Not four plain decimals: 400 invalid-parameter; out of range, inverted or wider than
     * {@link #MAX_SPAN_DEGREES}: 422 naming bbox.
     */
    public static Envelope parseBbox(String bbox, Crs crs) {
        if (bbox == null) {
            return null;
        }
        String[] parts = bbox.split(",", -1);
        if (parts.length != 4) {
            throw Values.invalidParameter("bbox");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            Double d = Values.coordinate(parts[i].trim());
            if (d == null) {
                throw Values.invalidParameter("bbox");
            }
            v[i] = d;
        }
        double minLng = v[0], minLat = v[1], maxLng = v[2], maxLat = v[3];
        if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90 || minLng > maxLng || minLat > maxLat) {
            throw ApiException.invalidField("bbox", "field.bbox.order");
        }
        if (maxLng - minLng > MAX_SPAN_DEGREES || maxLat - minLat > MAX_SPAN_DEGREES) {
            throw ApiException.invalidField(
                    "bbox", "field.bbox.span", String.format(Locale.ROOT, "%.0f", MAX_SPAN_DEGREES));
        }
        if (crs == Crs.WGS84) {
            return new Envelope(minLng, maxLng, minLat, maxLat);
        }
        // the box's corners back to WGS-84, where grids are stored; the shift (a few hundred metres)
        // varies slowly, so the corners bound the box well enough; a margin covers the rest
        double[] sw = CoordinateConverter.toWgs84(crs, minLat, minLng);
        double[] ne = CoordinateConverter.toWgs84(crs, maxLat, maxLng);
        Envelope e = new Envelope(sw[1], ne[1], sw[0], ne[0]);
        e.expandBy(0.001);
        return e;
    }

    /**
     * Active grids in the actor's scope meeting {@code box} (every one when null), in {@code crs}.
     * More than {@code limit}: 422 naming bbox (ask for a smaller box).
     */
    @Transactional
    public String grids(Actor actor, Envelope box, int limit, Crs crs) {
        // the scope in the query (path && the actor's regions), not a set of every region below them
        List<Region> grids = actor.serviceWide()
                ? Region.list(
                        "level = ?1 and retiredAt is null and geometry is not null order by code", Region.Level.GRID)
                : Region.list(
                        "level = ?1 and retiredAt is null and geometry is not null and array_intersects(path, ?2) "
                                + "order by code",
                        Region.Level.GRID,
                        ScopeTree.roots(actor.regionIds()));
        Map<Long, String> zoneCodes = Region.<Region>list("level", Region.Level.ZONE).stream()
                .collect(Collectors.toMap(z -> z.id, z -> z.code));
        List<GridGeoJson.GridFeature> features = new ArrayList<>();
        int i = 0;
        for (Region g : grids) {
            Geometry geometry = GridImportService.read(g.geometry);
            if (box != null && !box.intersects(geometry.getEnvelopeInternal())) {
                continue;
            }
            if (features.size() == limit) {
                throw ApiException.invalidField("bbox", "field.bbox.too-many", limit);
            }
            features.add(
                    new GridGeoJson.GridFeature(i++, g.code, g.name, zoneCodes.getOrDefault(g.parentId, ""), geometry));
        }
        return GridGeoJson.write(features, crs);
    }

    @Schema(name = "UnitChoice")
    public record UnitChoice(long id, String code, String name, String type, List<Long> regionIds) {}

    /** Active units with a region at, below or above one of the actor's (every active unit when service-wide). */
    @Transactional
    public List<UnitChoice> units(Actor actor) {
        Set<Long> reach = null;
        if (!actor.serviceWide()) {
            reach = new HashSet<>(ScopeTree.below(em, actor.regionIds()));
            for (Long id : actor.regionIds()) {
                reach.addAll(ScopeTree.above(em, id));
            }
        }
        Set<Long> finalReach = reach;
        return Unit.<Unit>list("active = true order by code").stream()
                .filter(u -> finalReach == null || u.regionIds.stream().anyMatch(finalReach::contains))
                .map(u -> new UnitChoice(
                        u.id,
                        u.code,
                        u.name,
                        u.type.name(),
                        u.regionIds.stream().sorted().toList()))
                .toList();
    }
}
