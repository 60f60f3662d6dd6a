package cn.suishoupai.notify;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Times;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The in-app list of notices (通知): what was addressed to the caller — as a resident, as a unit's
 * staff, as a dispatcher, leader or grid worker of a region — newest first, read or unread. A row per
 * addressed account is written by the delivery (its in-app channel); the title and text are rendered
 * from the outbox row's type and payload when read ({@link NoticeTexts}).
 */
@ApplicationScoped
public class InAppNotices {

    @Schema(name = "Notice")
    public record View(
            long id,
            String type,
            String title,
            String text,

            @Schema(description = "where the notice points: a configured console / H5 page, else the API path")
            String link,

            Long ticketId,
            Long reportId,
            Instant createdAt,
            boolean read,
            Instant readAt) {}

    @Schema(name = "NoticePage")
    public record NoticePage(List<View> items, long total, int page, int size, long unread) {}

    @Schema(name = "NoticesRead")
    public record ReadAll(int marked, long unread) {}

    private final EntityManager em;
    private final Json json;
    private final NotifyConfig config;
    private final Clock clock;

    InAppNotices(EntityManager em, Json json, NotifyConfig config, Clock clock) {
        this.em = em;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public NoticePage mine(Actor actor, boolean unreadOnly, int page, int size) {
        String where = "n.account_id = ?1" + (unreadOnly ? " and n.read_at is null" : "");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select n.id, e.type, cast(e.payload as text), e.ticket_id, n.created_at, n.read_at from notice n "
                                + "join outbox_event e on e.id = n.outbox_event_id where " + where
                                + " order by n.created_at desc, n.id desc limit ?2 offset ?3")
                .setParameter(1, actor.id())
                .setParameter(2, size)
                .setParameter(3, (long) page * size)
                .getResultList();
        long total = count("select count(*) from notice n where " + where, actor.id());
        long unread = count("select count(*) from notice where account_id = ?1 and read_at is null", actor.id());
        return new NoticePage(rows.stream().map(this::view).toList(), total, page, size, unread);
    }

    /** Marks one of the caller's notices read (again: no change); someone else's is 404. */
    @Transactional
    public View read(long id, Actor actor) {
        int n = em.createNativeQuery(
                        "update notice set read_at = coalesce(read_at, ?3) where id = ?1 and account_id = ?2")
                .setParameter(1, id)
                .setParameter(2, actor.id())
                .setParameter(3, now())
                .executeUpdate();
        if (n == 0) {
            throw ApiException.notFound("notice-not-found", id);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select n.id, e.type, cast(e.payload as text), e.ticket_id, n.created_at, n.read_at from notice n "
                                + "join outbox_event e on e.id = n.outbox_event_id where n.id = ?1")
                .setParameter(1, id)
                .getResultList();
        return view(rows.get(0));
    }

    @Transactional
    public ReadAll readAll(Actor actor) {
        int n = em.createNativeQuery("update notice set read_at = ?2 where account_id = ?1 and read_at is null")
                .setParameter(1, actor.id())
                .setParameter(2, now())
                .executeUpdate();
        return new ReadAll(n, 0);
    }

    private View view(Object[] r) {
        String type = (String) r[1];
        JsonNode payload = json.tree(r[2] == null ? "{}" : r[2].toString());
        Instant created = Times.instant(r[4]);
        NoticeTexts.Rendered t = NoticeTexts.render(type, payload, created, NoticeDelivery.links(config.links()));
        return new View(
                ((Number) r[0]).longValue(),
                type,
                t.title(),
                t.text(),
                t.link(),
                r[3] == null ? null : ((Number) r[3]).longValue(),
                payload.path("reportId").canConvertToLong()
                        ? payload.path("reportId").asLong()
                        : null,
                created,
                r[5] != null,
                Times.instant(r[5]));
    }

    private long count(String sql, long accountId) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, accountId).getSingleResult()).longValue();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
