package cn.suishoupai.reward;

import java.util.EnumSet;
import java.util.Set;

/**
 * Reward states (DOMAIN §7): ACCRUED → APPROVED → IN_BATCH → PAID | FAILED; a FAILED reward may go
 * into a later batch; a batch discarded before export returns its rewards to where they were;
 * CANCELLED only before payment and never while a batch holds the reward; a PAID reward whose payment
 * was recorded by mistake goes back to APPROVED by a reversal (and may then be paid in a later batch).
 */
public enum RewardState {
    ACCRUED("待审核"),
    APPROVED("已审核"),
    IN_BATCH("发放中"),
    PAID("已支付"),
    FAILED("发放失败"),
    CANCELLED("已取消");

    /** The Chinese name residents and finance see. */
    public final String label;

    RewardState(String label) {
        this.label = label;
    }

    public Set<RewardState> next() {
        switch (this) {
            case ACCRUED:
                return EnumSet.of(APPROVED, CANCELLED);
            case APPROVED:
                return EnumSet.of(IN_BATCH, CANCELLED);
            case IN_BATCH:
                return EnumSet.of(PAID, FAILED, APPROVED);
            case FAILED:
                return EnumSet.of(IN_BATCH, CANCELLED);
            case PAID:
                return EnumSet.of(APPROVED); // only by reversing the payment
            default:
                return EnumSet.noneOf(RewardState.class);
        }
    }

    public boolean canGo(RewardState to) {
        return next().contains(to);
    }
}
