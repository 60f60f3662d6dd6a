package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.report.ReportUnmergeRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/** What a report's reward forbids to the report. */
@ApplicationScoped
public class RewardedReports {

    private final EntityManager em;

    RewardedReports(EntityManager em) {
        this.em = em;
    }

    /** Its reward belongs to the ticket it was merged into: undoing the merge would leave it owed there. */
    void unmergeRequested(@Observes ReportUnmergeRequested e) {
        if (!em.createNativeQuery("select 1 from reward where report_id = ?1 and state <> 'CANCELLED'")
                .setParameter(1, e.reportId())
                .getResultList()
                .isEmpty()) {
            throw ApiException.conflict("report-rewarded", e.reportId()).with("reportId", e.reportId());
        }
    }
}
