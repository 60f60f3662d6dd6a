package cn.suishoupai.reward;

import java.util.List;

/**
 * Who is owed a ticket's reward (DOMAIN §7): the first report attached to it, in submission order,
 * whose reporter may be rewarded. Staff (grid workers, any staff account) and reports marked
 * fraudulent are passed over. An anonymous report counts for its claimer once claimed with its code;
 * before that it still holds first place, and its reward waits for the claim.
 */
public final class Eligibility {

    private Eligibility() {}

    /** A report attached to the ticket, as the accrual sees it. */
    public record Candidate(
            long reportId,
            Long reporterId,
            boolean reporterIsStaff,
            String reporterRole,
            boolean anonymous,
            Long claimerId,
            boolean claimerIsStaff,
            boolean fraudulent) {}

    /** The winner: the report, and the payee (null while anonymous and unclaimed). */
    public record Winner(long reportId, Long payeeId) {}

    /** candidates in submission order (created_at, id). */
    public static Winner first(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.fraudulent() || !"resident".equals(c.reporterRole())) {
                continue;
            }
            if (c.anonymous()) {
                if (c.claimerId() == null) {
                    return new Winner(c.reportId(), null);
                }
                if (c.claimerIsStaff()) {
                    continue;
                }
                return new Winner(c.reportId(), c.claimerId());
            }
            if (c.reporterId() == null || c.reporterIsStaff()) {
                continue;
            }
            return new Winner(c.reportId(), c.reporterId());
        }
        return null;
    }
}
