package cn.suishoupai.reward;

/**
 * A reward is now owed to a known payee with its amount: accrued at verification, claimed with
 * its code, or accrued when the fine it waited for was recorded. Fired in that transaction.
 */
public record RewardAccrued(long rewardId, long ticketId, long payeeAccountId, long amountFen, RewardState state) {}
