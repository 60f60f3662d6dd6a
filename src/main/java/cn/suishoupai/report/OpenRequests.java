package cn.suishoupai.report;

import cn.suishoupai.common.Page;
import cn.suishoupai.common.Pii;
import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.media.Photo;
import cn.suishoupai.media.Photos;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports as the public sees them through the Open311 facade (issue 16): where, what category, whether it is still
 * open, which unit leads it and by when. Never who reported it, nothing of rewards; free text is masked
 * ({@link Pii}) and the photo is a short-lived link. A report is open until its ticket is closed, cancelled or
 * rejected, or it is itself rejected; a merged report follows the ticket it joined.
 */
@ApplicationScoped
public class OpenRequests {

    /** One report, public fields only. lat/lng are WGS-84. expectedAt is the ticket's current deadline. */
    public record PublicRequest(
            long id,
            long townshipId,
            String categoryCode,
            String categoryName,
            boolean open,
            String statusNotes,
            String leadUnit,
            Instant requestedAt,
            Instant updatedAt,
            Instant expectedAt,
            double lat,
            double lng,
            String address,
            String description,
            String mediaUrl) {}

    /**
     * What to list: townships (never empty), created in [from, to) (each bound optional: null), optionally of one
     * category, ids, state.
     */
    public record Filter(
            Collection<Long> townshipIds,
            Instant from,
            Instant to,
            Long categoryId,
            Collection<Long> ids,
            Boolean open) {}

    private final EntityManager em;
    private final TicketStates ticketStates;
    private final RegionNames regionNames;
    private final Photos photos;
    private final ObjectStorage storage;

    OpenRequests(
            EntityManager em,
            TicketStates ticketStates,
            RegionNames regionNames,
            Photos photos,
            ObjectStorage storage) {
        this.em = em;
        this.ticketStates = ticketStates;
        this.regionNames = regionNames;
        this.photos = photos;
        this.storage = storage;
    }

    /** One report, or null when there is none. */
    @Transactional
    public PublicRequest one(long id) {
        Report r = Report.findById(id);
        if (r == null) {
            return null;
        }
        Ticket t = r.ticketId == null ? null : ticketStates.ticket(r.ticketId);
        return view(r, t);
    }

    /**
     * The reports of the filter, newest first (created, then id). Everything, the state included, is filtered in the
     * query, so a page and the total count only matching reports: open means not refused and without a ticket or with
     * an open one ({@link TicketStates#OPEN_TICKET_IDS}), as {@link #open(Report.Status, Ticket.State)} says for one.
     */
    @Transactional
    public Page<PublicRequest> list(Filter f, int page, int size) {
        StringBuilder where = new StringBuilder(" from report where township_id = any(:townships)");
        if (f.from() != null) {
            where.append(" and created_at >= :from");
        }
        if (f.to() != null) {
            where.append(" and created_at < :to");
        }
        if (f.categoryId() != null) {
            where.append(" and category_id = :category");
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            where.append(" and id = any(:ids)");
        }
        if (Boolean.TRUE.equals(f.open())) {
            where.append(" and status <> 'REJECTED' and (ticket_id is null or ticket_id in (")
                    .append(TicketStates.OPEN_TICKET_IDS)
                    .append("))");
        } else if (Boolean.FALSE.equals(f.open())) {
            where.append(" and (status = 'REJECTED' or (ticket_id is not null and ticket_id not in (")
                    .append(TicketStates.OPEN_TICKET_IDS)
                    .append(")))");
        }
        var count = bind(em.createNativeQuery("select count(*)" + where), f);
        long total = ((Number) count.getSingleResult()).longValue();
        var q = bind(em.createNativeQuery("select id" + where + " order by created_at desc, id desc"), f)
                .setFirstResult((page - 1) * size)
                .setMaxResults(size);
        @SuppressWarnings("unchecked")
        List<Number> pageIds = q.getResultList();
        Map<Long, Report> reports = new LinkedHashMap<>();
        pageIds.forEach(id -> reports.put(id.longValue(), null));
        if (!pageIds.isEmpty()) {
            Report.<Report>list("id in ?1", List.copyOf(reports.keySet())).forEach(r -> reports.put(r.id, r));
        }
        List<PublicRequest> items = new ArrayList<>();
        for (Report r : reports.values()) {
            Ticket t = r.ticketId == null ? null : ticketStates.ticket(r.ticketId);
            items.add(view(r, t));
        }
        return new Page<>(items, total, page, size);
    }

    private static Query bind(Query q, Filter f) {
        q.setParameter("townships", f.townshipIds().toArray(Long[]::new));
        if (f.from() != null) {
            q.setParameter("from", f.from());
        }
        if (f.to() != null) {
            q.setParameter("to", f.to());
        }
        if (f.categoryId() != null) {
            q.setParameter("category", f.categoryId());
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            q.setParameter("ids", f.ids().toArray(Long[]::new));
        }
        return q;
    }

    static boolean open(Report.Status rs, Ticket.State ts) {
        if (rs == Report.Status.REJECTED) {
            return false;
        }
        return ts == null || ts.open();
    }

    private PublicRequest view(Report r, Ticket t) {
        Status s = Status.of(r, t == null ? null : t.state);
        boolean open = open(r.status, t == null ? null : t.state);
        ReportViews.Reason reason = ReportViews.reason(r, t);
        String notes = s.label;
        if (reason != null) {
            notes += "：" + reason.label() + (reason.note() == null ? "" : "（" + Pii.mask(reason.note()) + "）");
        } else if (r.status == Report.Status.REJECTED && r.rejectNote != null) {
            notes += "：" + Pii.mask(r.rejectNote);
        }
        RegionNames.CategoryName category = regionNames.category(r.categoryId);
        String lead = null;
        if (t != null && t.leadUnitId != null) {
            lead = regionNames.units(List.of(t.leadUnitId)).get(t.leadUnitId);
        }
        Instant updated = r.updatedAt;
        if (t != null && t.updatedAt != null && t.updatedAt.isAfter(updated)) {
            updated = t.updatedAt;
        }
        Photo first = photos.firstOfReport(r.id);
        return new PublicRequest(
                r.id,
                r.townshipId,
                category == null ? r.suggestedCategory : category.code(),
                category == null ? null : category.nameZh(),
                open,
                notes,
                lead,
                r.createdAt,
                updated,
                open && t != null ? t.dueAt : null,
                r.lat,
                r.lng,
                r.address == null ? null : Pii.mask(r.address),
                r.description == null ? null : Pii.mask(r.description),
                first == null ? null : storage.presignedGet(first.displayKey));
    }
}
