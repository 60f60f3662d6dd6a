package cn.suishoupai.notify;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * WeChat subscription credits (一次性订阅消息): the mini-program asks the resident with
 * wx.requestSubscribeMessage and reports the answer per template; each "accept" allows the service
 * ONE message of that template to that resident. A "reject" or "ban" (or WeChat answering 43101 on a
 * send) leaves none until the next accept. Sending takes a credit first and gives it back when WeChat
 * did not take the message for a passing reason (rate limit, busy).
 */
@ApplicationScoped
public class Subscriptions {

    /** Credits kept per template at most (a resident who ticks "always" accepts on every ask). */
    static final int MAX_CREDITS = 1000;

    /** What wx.requestSubscribeMessage answers per template id. */
    public enum Answer {
        accept,
        reject,
        ban,
        filter
    }

    @Schema(name = "NoticeSubscriptionsBody")
    public record Body(
            @Schema(
                    description =
                            "template id -> accept | reject | ban | filter, as wx.requestSubscribeMessage answers",
                    example = "{\"tmpl-accepted\":\"accept\",\"tmpl-closed\":\"reject\"}")
            Map<String, String> results) {}

    /** One configured template: the notice types it carries, and the resident's credits for it. */
    @Schema(name = "NoticeSubscription")
    public record View(String templateId, List<String> types, int credits, Instant refusedAt) {}

    @Schema(name = "NoticeSubscriptions")
    public record Views(List<View> templates) {}

    static final int MAX_RESULTS = 20;

    private final NotifyConfig config;
    private final EntityManager em;
    private final Clock clock;

    Subscriptions(NotifyConfig config, EntityManager em, Clock clock) {
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    /** The templates the mini-program should ask for, with the caller's credits. */
    @Transactional
    public Views mine(Actor actor) {
        return views(actor.id());
    }

    /** Records the answers of one wx.requestSubscribeMessage; all or nothing (an unknown template id is 422). */
    @Transactional
    public Views record(Body body, Actor actor) {
        Map<String, String> results = body == null ? null : body.results();
        if (results == null || results.isEmpty() || results.size() > MAX_RESULTS) {
            throw ApiException.invalidField("results", "field.subscriptions.count", MAX_RESULTS);
        }
        Map<String, List<String>> templates = templates();
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Answer> answers = new TreeMap<>();
        for (Map.Entry<String, String> e : results.entrySet()) {
            String field = "results." + e.getKey();
            if (!templates.containsKey(e.getKey())) {
                errors.add(new Problem.FieldError(field, "field.subscriptions.template-unknown"));
                continue;
            }
            Answer a = answer(e.getValue());
            if (a == null) {
                errors.add(new Problem.FieldError(field, "field.subscriptions.answer"));
                continue;
            }
            answers.put(e.getKey(), a);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-field", errors);
        }
        Instant now = clock.instant();
        answers.forEach((template, a) -> {
            switch (a) {
                case accept ->
                    em.createNativeQuery(
                                    "insert into notice_subscription (account_id, template_id, credits, updated_at) "
                                            + "values (?1, ?2, 1, ?3) on conflict (account_id, template_id) do update set "
                                            + "credits = least(notice_subscription.credits + 1, ?4), refused_at = null, updated_at = ?3")
                            .setParameter(1, actor.id())
                            .setParameter(2, template)
                            .setParameter(3, now)
                            .setParameter(4, MAX_CREDITS)
                            .executeUpdate();
                case reject, ban -> refusedAt(actor.id(), template, now);
                case filter -> {
                    // WeChat filtered the template out of the dialog (a duplicate title): nothing was asked
                }
            }
        });
        return views(actor.id());
    }

    /** Takes one credit to send a message of the template; false when there is none. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean take(long accountId, String templateId) {
        return em.createNativeQuery("update notice_subscription set credits = credits - 1, updated_at = ?3 "
                                + "where account_id = ?1 and template_id = ?2 and credits > 0")
                        .setParameter(1, accountId)
                        .setParameter(2, templateId)
                        .setParameter(3, clock.instant())
                        .executeUpdate()
                == 1;
    }

    /** WeChat did not take the message for a passing reason: the credit is still the resident's. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void giveBack(long accountId, String templateId) {
        em.createNativeQuery("update notice_subscription set credits = least(credits + 1, ?4), updated_at = ?3 "
                        + "where account_id = ?1 and template_id = ?2")
                .setParameter(1, accountId)
                .setParameter(2, templateId)
                .setParameter(3, clock.instant())
                .setParameter(4, MAX_CREDITS)
                .executeUpdate();
    }

    /** WeChat said the resident refused the template (43101): no credit left until they accept again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(long accountId, String templateId) {
        refusedAt(accountId, templateId, clock.instant());
    }

    private void refusedAt(long accountId, String templateId, Instant now) {
        em.createNativeQuery(
                        "insert into notice_subscription (account_id, template_id, credits, refused_at, updated_at) "
                                + "values (?1, ?2, 0, ?3, ?3) on conflict (account_id, template_id) do update set "
                                + "credits = 0, refused_at = ?3, updated_at = ?3")
                .setParameter(1, accountId)
                .setParameter(2, templateId)
                .setParameter(3, now)
                .executeUpdate();
    }

    /** Configured template id → the notice types it carries, in type order. */
    Map<String, List<String>> templates() {
        Map<String, List<String>> out = new TreeMap<>();
        new TreeMap<>(config.wechat().templates())
                .forEach((type, t) ->
                        out.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(type));
        return out;
    }

    private Views views(long accountId) {
        Map<String, Object[]> mine = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select template_id, credits, refused_at from notice_subscription where account_id = ?1")
                .setParameter(1, accountId)
                .getResultList();
        rows.forEach(r -> mine.put((String) r[0], r));
        List<View> out = new ArrayList<>();
        templates().forEach((id, types) -> {
            Object[] r = mine.get(id);
            out.add(new View(
                    id,
                    List.copyOf(new TreeSet<>(types)),
                    r == null ? 0 : ((Number) r[1]).intValue(),
                    r == null ? null : Times.instant(r[2])));
        });
        return new Views(out);
    }

    private static Answer answer(String s) {
        if (s == null) {
            return null;
        }
        for (Answer a : Answer.values()) {
            if (a.name().equals(s)) {
                return a;
            }
        }
        return null;
    }
}
