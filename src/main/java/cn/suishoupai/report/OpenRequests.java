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
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** What to list: townships (never empty), created in [from, to), optionally of one category, ids, state. */
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

    /** The reports of the filter, newest first (created, then id); the state is filtered before paging. */
    @Transactional
    public Page<PublicRequest> list(Filter f, int page, int size) {
        StringBuilder sql = new StringBuilder("select id, ticket_id, status from report "
                + "where township_id = any(:townships) and created_at >= :from and created_at < :to");
        if (f.categoryId() != null) {
            sql.append(" and category_id = :category");
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            sql.append(" and id = any(:ids)");
        }
        sql.append(" order by created_at desc, id desc");
        var q = em.createNativeQuery(sql.toString())
                .setParameter("townships", f.townshipIds().toArray(Long[]::new))
                .setParameter("from", f.from())
                .setParameter("to", f.to());
        if (f.categoryId() != null) {
            q.setParameter("category", f.categoryId());
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            q.setParameter("ids", f.ids().toArray(Long[]::new));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        Set<Long> ticketIds = new HashSet<>();
        rows.stream().filter(r -> r[1] != null).forEach(r -> ticketIds.add(((Number) r[1]).longValue()));
        Map<Long, Ticket.State> states = ticketStates.of(ticketIds);
        List<Long> matching = new ArrayList<>();
        for (Object[] row : rows) {
            Report.Status rs = Report.Status.valueOf((String) row[2]);
            Ticket.State ts = row[1] == null ? null : states.get(((Number) row[1]).longValue());
            if (f.open() == null || f.open() == open(rs, ts)) {
                matching.add(((Number) row[0]).longValue());
            }
        }
        int fromIndex = Math.min(matching.size(), (page - 1) * size);
        List<Long> pageIds = matching.subList(fromIndex, Math.min(matching.size(), fromIndex + size));
        Map<Long, Report> reports = new LinkedHashMap<>();
        pageIds.forEach(id -> reports.put(id, null));
        if (!pageIds.isEmpty()) {
            Report.<Report>list("id in ?1", pageIds).forEach(r -> reports.put(r.id, r));
        }
        List<PublicRequest> items = new ArrayList<>();
        for (Report r : reports.values()) {
            Ticket t = r.ticketId == null ? null : ticketStates.ticket(r.ticketId);
            items.add(view(r, t));
        }
        return new Page<>(items, matching.size(), page, size);
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
