package cn.suishoupai.ticket;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Role;
import cn.suishoupai.region.ScopeTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Who may see and act on a ticket (DOMAIN §2): a unit its own tickets (lead, or assisting for
 * reading), dispatchers, grid workers and leaders the tickets in their regions. Anything else is
 * 404, as if it did not exist.
 */
@ApplicationScoped
public class TicketAccess {

    private final EntityManager em;

    TicketAccess(EntityManager em) {
        this.em = em;
    }

    /** The caller's regions and everything below them (a filter's roots, or single checks). */
    public ScopeTree.Reach regionScope(Actor actor) {
        return ScopeTree.reach(em, actor.regionIds());
    }

    /** A ticket list's scope condition over {@code t}, with its one array parameter named {@code param}. */
    static String inScope(String param) {
        return ScopeTree.sql("coalesce(t.grid_id, t.township_id)", ":" + param);
    }

    public static Long place(Ticket t) {
        return t.gridId != null ? t.gridId : t.townshipId;
    }

    /** The ticket if the caller may read it. */
    public Ticket readable(long id, Actor actor) {
        Ticket t = Ticket.findById(id);
        if (t == null || !canRead(t, actor)) {
            throw ApiException.notFound("ticket-not-found", id);
        }
        return t;
    }

    public boolean canRead(Ticket t, Actor actor) {
        Long unit = actor.unitId().orElse(null);
        if (actor.hasRole(Role.UNIT_)
                && unit != null
                && (unit.equals(t.leadUnitId) || t.assistingUnitIds.contains(unit))) {
            return true;
        }
        if (actor.hasRole(Role.DISPATCHER_) || actor.hasRole(Role.GRID_WORKER_) || actor.hasRole(Role.LEADER_)) {
            return regionScope(actor).contains(place(t));
        }
        return false;
    }

    /**
     * The ticket for an action, loaded with a lock-free read; the version check at commit serialises
     * concurrent actions. Units act only on tickets they lead; assisting units may read but not act.
     */
    public Ticket actionable(long id, Action action, Actor actor) {
        Ticket t = Ticket.findById(id);
        if (t == null) {
            throw ApiException.notFound("ticket-not-found", id);
        }
        if (Role.UNIT_.equals(actingRole(action, actor))) {
            Long unit = actor.unitId().orElse(null);
            if (unit != null && unit.equals(t.leadUnitId)) {
                return t;
            }
            if (unit != null && t.assistingUnitIds.contains(unit)) {
                throw ApiException.forbidden("not-lead-unit", id);
            }
        } else if (regionScope(actor).contains(place(t))) {
            return t;
        }
        throw ApiException.notFound("ticket-not-found", id);
    }

    /** The role the caller takes this action in (the first of the action's roles they hold). */
    public static String actingRole(Action action, Actor actor) {
        return action.roles.stream()
                .filter(actor::hasRole)
                .sorted()
                .findFirst()
                .orElseThrow(() -> ApiException.forbidden("forbidden"));
    }

    /** If-Match: the client's idea of the version must still hold, or nothing is applied. */
    public static void requireVersion(Ticket t, Long expected) {
        if (expected != null && expected != t.version) {
            throw ApiException.conflict("stale-version").with("ticketId", t.id).with("version", t.version);
        }
    }
}
