package cn.suishoupai.reward;

/** The provider reported the reward paid (a batch result). Fired in the transaction that records it. */
public record RewardPaid(long rewardId, long ticketId, Long payeeAccountId, long amountFen, Channel channel) {}
