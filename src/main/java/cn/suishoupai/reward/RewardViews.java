package cn.suishoupai.reward;

import cn.suishoupai.region.Severity;
import java.time.Instant;
import java.util.List;

/** Response bodies of the reward API. Payee identity only in the finance views, the phone masked. */
public final class RewardViews {

    private RewardViews() {
    }

    public record Payee(long accountId, String name, String phoneMasked) {
    }

    public record FinanceReward(long id, long ticketId, long reportId, RewardState state, long amountFen, String amountYuan,
                                long ruleAmountFen, String cutReason, boolean awaitingFine, Long fineFen, Long ruleId,
                                String category, Severity severity, long townshipId, Long gridId, Channel channel,
                                String accrualMonth, Instant accruedAt, Instant approvedAt, Long approvedBy, boolean autoApproved,
                                Instant cancelledAt, Long cancelledBy, String cancelReason, Instant paidAt, String externalRef,
                                String failureReason, Payee payee, long version) {
    }

    public record Entry(long id, LedgerEntry.Kind kind, long amountFen, Long batchId, Long reversesEntryId, String reason,
                        Long actorId, Instant at) {
    }

    public record FinanceDetail(FinanceReward reward, List<Entry> ledger) {
    }

    /**
     * What a resident sees of their own reward. failureReason: the provider's reason of the last
     * failed payment. action/actionHint: what the resident should do for the reward to be paid
     * (null when nothing): see {@link PayoutAdvice}.
     */
    public record MyReward(long id, long ticketId, long reportId, RewardState state, String stateLabel, long amountFen,
                           String amountYuan, Channel channel, boolean awaitingFine, String cutReason, Instant accruedAt,
                           Instant paidAt, String cancelReason, String failureReason, PayoutAdvice.Action action,
                           String actionHint) {
    }

    /** A finance request to approve many rewards at once. */
    public record ApproveMany(List<Long> ids) {
    }

    /** An id that could not be approved: the problem code a single approval would answer, and the reward's state. */
    public record Refused(long id, String code, RewardState state) {
    }

    /**
     * The answer to a bulk approval, ids ascending. approved: ids that are approved now (including those
     * approved before, or since batched or paid); notFound: unknown or outside the caller's regions
     * (not told apart); refused: ids that cannot be approved, with the reason.
     */
    public record ApprovedMany(List<Long> approved, List<Long> notFound, List<Refused> refused) {
    }

    public record ChannelBody(Channel channel) {
    }

    public record Claimed(long reportId, Long rewardId, RewardState rewardState, Long amountFen, Instant claimedAt) {
    }

    public record Fraud(long reportId, String reason, Instant markedAt, Long rewardId, RewardState rewardState) {
    }

    public record Fine(long ticketId, long fineFen, String fineYuan, Instant recordedAt, Long rewardId, Long rewardAmountFen,
                      RewardState rewardState) {
    }

    /**
     * One row of the totals. amountFen is what the rewards are owed after caps (cancelled ones
     * included); it splits exactly into paidFen (payments standing), outstandingFen (accrued,
     * approved, in a batch or failed: still to pay) and cancelledFen (released): amount = paid +
     * outstanding + cancelled. A reversed payment is outstanding again.
     */
    public record Total(String key, String label, long count, long amountFen, long paidFen, long outstandingFen, long cancelledFen) {
    }

    public record Totals(List<Total> byMonth, List<Total> byRegion, List<Total> byCategory, List<Total> byState) {
    }

    public record Mismatch(String subject, long id, String check, long expected, long actual) {
    }

    public record Consistency(boolean consistent, long rewardsChecked, long batchesChecked, long ledgerEntries,
                              List<Mismatch> mismatches) {
    }

    static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 7) {
            return "****";
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}
