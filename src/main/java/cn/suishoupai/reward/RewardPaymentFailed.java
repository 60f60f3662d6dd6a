package cn.suishoupai.reward;

/**
 * The provider reported the payment failed, with its reason; action and actionHint say what the
 * resident can do for the reward to be paid ({@link PayoutAdvice}). Fired in the transaction that records it.
 */
public record RewardPaymentFailed(
        long rewardId,
        long ticketId,
        Long payeeAccountId,
        long amountFen,
        Channel channel,
        String reason,
        PayoutAdvice.Action action,
        String actionHint) {}
