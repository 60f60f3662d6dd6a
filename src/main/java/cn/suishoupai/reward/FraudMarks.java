package cn.suishoupai.reward;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Pii;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.report.Reporters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dispatcher marks a report fraudulent (虚假举报): it is never rewarded; its reward, if not yet paid, is cancelled. */
@ApplicationScoped
public class FraudMarks {

    @Schema(name = "FraudMark")
    public record Fraud(long reportId, String reason, Instant markedAt, Long rewardId, RewardState rewardState) {}

    private static final String PREFIX = "FRAUDULENT: ";

    private final EntityManager em;
    private final FinanceRewards rewards;
    private final AdvisoryLocks locks;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final Reporters reporters;

    FraudMarks(
            EntityManager em,
            FinanceRewards rewards,
            AdvisoryLocks locks,
            Audit audit,
            Json json,
            Clock clock,
            Reporters reporters) {
        this.reporters = reporters;
        this.em = em;
        this.rewards = rewards;
        this.locks = locks;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Once per report, for a report in the caller's regions (else 404); 409 while a payout batch holds its reward. */
    @Transactional
    public Fraud mark(long reportId, ReasonBody body, Actor actor) {
        String reason = ReasonBody.required(body);
        ScopeTree.Reach scope = ScopeTree.reach(em, actor.regionIds());
        Long place = reporters.placeOf(reportId);
        if (place == null || !scope.contains(place)) {
            throw ApiException.notFound("report-not-found", reportId);
        }
        locks.lock("report-fraud:" + reportId);
        reporters.lockTicketOf(reportId);
        if (!em.createNativeQuery("select 1 from report_fraud where report_id = ?1")
                .setParameter(1, reportId)
                .getResultList()
                .isEmpty()) {
            throw ApiException.conflict("report-already-fraudulent", reportId).with("reportId", reportId);
        }
        Instant now = clock.instant();
        Reward r = Reward.find("reportId", reportId).firstResult();
        if (r != null && r.state == RewardState.IN_BATCH) {
            // the provider may be paying it right now: finance records the line's result first
            throw ApiException.conflict("reward-in-batch", r.id).with("rewardId", r.id);
        }
        em.createNativeQuery(
                        "insert into report_fraud (report_id, reason, marked_by, marked_at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, reportId)
                .setParameter(2, reason)
                .setParameter(3, actor.id())
                .setParameter(4, now)
                .executeUpdate();
        audit.record(
                actor, "REPORT_MARKED_FRAUDULENT", Target.of("report", reportId), json.write(Map.of("reason", reason)));
        if (r != null && r.state != RewardState.PAID && r.state != RewardState.CANCELLED) {
            // the cancel reason column holds a note: the prefix and as much of the reason as fits
            rewards.cancel(
                    r, PREFIX + reason.substring(0, Math.min(reason.length(), 500 - PREFIX.length())), actor, now);
        }
        return new Fraud(reportId, Pii.mask(reason), now, r == null ? null : r.id, r == null ? null : r.state);
    }
}
