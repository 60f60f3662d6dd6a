package cn.suishoupai.identity;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.region.RegionNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who the signed-in account is, as its own pages need it (the web console's header and menus). */
@ApplicationScoped
public class Profiles {

    /** A region or unit by id and name. */
    @Schema(name = "ProfileRef")
    public record Named(long id, String name) {}

    /**
     * The signed-in account: roles as in the token; the unit it acts for and the regions it is scoped
     * to (empty: service-wide for staff), with their names. A resident's phone is not repeated here.
     */
    @Schema(name = "Me")
    public record Me(
            long accountId,
            @Schema(description = "STAFF or RESIDENT") String kind,
            String username,
            String displayName,
            List<String> roles,
            Named unit,
            List<Named> regions) {}

    private final RegionNames names;

    Profiles(RegionNames names) {
        this.names = names;
    }

    @Transactional
    public Me me(Actor actor) {
        Account a = actor.id() == null ? null : Account.findById(actor.id());
        if (a == null) {
            throw ApiException.unauthorized("unauthenticated");
        }
        Named unit = null;
        if (a.unitId != null) {
            unit = new Named(a.unitId, names.units(List.of(a.unitId)).getOrDefault(a.unitId, ""));
        }
        Map<Long, String> regionNames = names.regions(a.regionIds);
        List<Named> regions = a.regionIds.stream()
                .sorted()
                .map(id -> new Named(id, regionNames.getOrDefault(id, "")))
                .toList();
        return new Me(
                a.id,
                a.kind.name(),
                a.username,
                a.displayName,
                a.roles.stream().sorted(Comparator.naturalOrder()).toList(),
                unit,
                regions);
    }
}
