package cn.suishoupai.ticket;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Pii;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Texts;
import cn.suishoupai.region.ScopeTree;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * 回头看 (DOMAIN §4): a share of the tickets closed N days ago is sampled into a list for grid
 * workers; a failed re-inspection opens a new ticket, linked to the old one, for the same unit.
 *
 * Sampling is a deterministic hash of the ticket id, so every instance picks the same tickets,
 * and the unique ticket_id makes a second run (or a second instance) add nothing.
 */
@ApplicationScoped
public class Reinspections {

    private static final Logger LOG = Logger.getLogger(Reinspections.class);

    /** lat/lng: where to go and look, in crs (WGS84 unless the caller asked for another system). */
    @Schema(name = "ReinspectionItem")
    public record Item(
            long id,
            long ticketId,
            Reinspection.Status status,
            Instant sampledAt,
            Instant closedAt,
            TicketViews.Ref category,
            TicketViews.Ref grid,
            TicketViews.Ref leadUnit,
            double lat,
            double lng,
            Crs crs,
            String address,
            Instant doneAt,
            String note,
            Long newTicketId) {}

    @Schema(name = "ReinspectionOutcome")
    public record Outcome(
            @Required Boolean passed, @FreeText String note) {}

    private final EntityManager em;
    private final TicketAccess access;
    private final TicketViews views;
    private final TicketWorkflow workflow;
    private final ReinspectionConfig config;
    private final Audit audit;
    private final Clock clock;
    private final Json json;

    Reinspections(
            EntityManager em,
            TicketAccess access,
            TicketViews views,
            TicketWorkflow workflow,
            ReinspectionConfig config,
            Audit audit,
            Clock clock,
            Json json) {
        this.em = em;
        this.access = access;
        this.views = views;
        this.workflow = workflow;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    @Scheduled(
            every = "${suishoupai.reinspection.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        int n = sample(clock.instant(), config.share());
        if (n > 0) {
            LOG.infof("回头看: sampled %d closed tickets for re-inspection", n);
        }
    }

    /** Samples the tickets closed between after+window and after ago; returns how many were added. */
    @Transactional
    public int sample(Instant now, double share) {
        int permille = (int) Math.round(Math.max(0, Math.min(1, share)) * 10_000);
        return em.createNativeQuery("insert into reinspection (ticket_id, township_id, grid_id, status, sampled_at) "
                        + "select t.id, t.township_id, t.grid_id, 'PENDING', ?1 from ticket t "
                        + "where t.state = 'CLOSED' and t.closed_at <= ?2 and t.closed_at > ?3 "
                        + "and mod(abs(hashtext('reinspection:' || t.id)), 10000) < ?4 "
                        + "on conflict (ticket_id) do nothing")
                .setParameter(1, now)
                .setParameter(2, now.minus(config.after()))
                .setParameter(3, now.minus(config.after()).minus(config.window()))
                .setParameter(4, permille)
                .executeUpdate();
    }

    @Transactional
    public Page<Item> list(Actor actor, Reinspection.Status status, int page, int size, Crs crs) {
        ScopeTree.Reach scope = access.regionScope(actor);
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, page, size);
        }
        var q = Reinspection.<Reinspection>find(
                ScopeTree.hql("coalesce(gridId, townshipId)", ":scope") + " and status = :status",
                Sort.ascending("sampledAt", "id"),
                Parameters.with("scope", scope.roots())
                        .and("status", status == null ? Reinspection.Status.PENDING : status));
        List<Item> items =
                q.page(page, size).list().stream().map(r -> item(r, crs)).toList();
        return new Page<>(items, q.count(), page, size);
    }

    /** Records the outcome once; a failure opens the new linked ticket in the same transaction. */
    @Transactional
    public Item complete(long id, Outcome body, Actor actor, Crs crs) {
        if (body == null) {
            throw ApiException.invalidField("passed", "field.required");
        }
        // a failure needs a note: it becomes the new ticket's description
        String note = Texts.trimmed(body.note());
        if (!body.passed() && note == null) {
            throw ApiException.invalidField("note", "field.required");
        }
        // the row lock makes the first writer win; the second sees it done
        Reinspection r = em.find(Reinspection.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !access.regionScope(actor).contains(r.gridId != null ? r.gridId : r.townshipId)) {
            throw ApiException.notFound("reinspection-not-found", id);
        }
        if (r.status != Reinspection.Status.PENDING) {
            throw ApiException.conflict("reinspection-done", id).with("reinspectionStatus", r.status.name());
        }
        Instant now = clock.instant();
        Ticket old = Ticket.findById(r.ticketId);
        String role = TicketAccess.actingRole(Action.VERIFY, actor);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reinspectionId", r.id);
        if (body.passed()) {
            r.finish(Reinspection.Status.PASSED, actor.id(), now, note, null);
            TicketEvent.append(old.id, "REINSPECTION_PASSED", now, actor.id(), role, note, json.write(details));
        } else {
            Ticket t = workflow.reopen(old, "回头看发现隐患复发：" + note, "回头看复发", actor, role, now, details);
            details.put("newTicketId", t.id);
            details.put("parentTicketId", old.id);
            TicketEvent.append(old.id, "REINSPECTION_FAILED", now, actor.id(), role, note, json.write(details));
            // only now that the new ticket exists: the row's checks tie status, done_at and new_ticket_id together
            r.finish(Reinspection.Status.FAILED, actor.id(), now, note, t.id);
        }
        audit.record(
                actor,
                body.passed() ? "REINSPECTION_PASSED" : "REINSPECTION_FAILED",
                Target.of("reinspection", r.id),
                json.write(details));
        return item(r, crs);
    }

    private Item item(Reinspection r, Crs crs) {
        Ticket t = Ticket.findById(r.ticketId);
        TicketViews.Summary s = views.summary(t, clock.instant(), crs);
        return new Item(
                r.id,
                r.ticketId,
                r.status,
                r.sampledAt,
                t.closedAt,
                s.category(),
                s.grid(),
                s.leadUnit(),
                s.lat(),
                s.lng(),
                s.crs(),
                t.address,
                r.doneAt,
                Pii.mask(r.note),
                r.newTicketId);
    }
}
