package cn.suishoupai.reward;

import cn.suishoupai.ticket.Ticket;
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
                                String category, Ticket.Severity severity, long townshipId, Long gridId, Channel channel,
                                String accrualMonth, Instant accruedAt, Instant approvedAt, Long approvedBy, boolean autoApproved,
                                Instant cancelledAt, Long cancelledBy, String cancelReason, Instant paidAt, String externalRef,
                                String failureReason, Payee payee, long version) {
    }

    public record Entry(long id, LedgerEntry.Kind kind, long amountFen, Long batchId, Long reversesEntryId, String reason,
                        Long actorId, Instant at) {
    }

    public record FinanceDetail(FinanceReward reward, List<Entry> ledger) {
    }

    /** What a resident sees of their own reward. */
    public record MyReward(long id, long ticketId, long reportId, RewardState state, long amountFen, String amountYuan,
                           boolean awaitingFine, String cutReason, Instant accruedAt, Instant paidAt, String cancelReason) {
    }

    public record Claimed(long reportId, Long rewardId, RewardState rewardState, Long amountFen, Instant claimedAt) {
    }

    public record Fraud(long reportId, String reason, Instant markedAt, Long rewardId, RewardState rewardState) {
    }

    public record Fine(long ticketId, long fineFen, String fineYuan, Instant recordedAt, Long rewardId, Long rewardAmountFen,
                      RewardState rewardState) {
    }

    public record Total(String key, String label, long count, long amountFen, long paidFen, long outstandingFen) {
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
