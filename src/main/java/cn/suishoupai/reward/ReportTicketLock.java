package cn.suishoupai.reward;

import jakarta.persistence.EntityManager;

/**
 * Serialises a claim or a fraud mark with a verification of the report's ticket: verifying updates
 * the ticket row before it picks the winning report, so a fraud mark or a claim either commits first
 * (and is seen) or waits for the verification (and then sees its reward). Without it both could miss
 * each other.
 */
final class ReportTicketLock {

    private ReportTicketLock() {
    }

    static void lock(EntityManager em, long reportId) {
        em.createNativeQuery("select id from ticket where id = (select ticket_id from report where id = ?1) for update")
                .setParameter(1, reportId).getResultList();
    }
}
