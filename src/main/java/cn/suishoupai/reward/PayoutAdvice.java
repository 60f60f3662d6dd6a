package cn.suishoupai.reward;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a resident must do for a reward to be paid, in plain Chinese (DOMAIN §7, issue 11). Pure:
 * decided from the reward's state and channel, whether the payee has the channel's destination,
 * the provider's reason of the last failed payment, and whether the payout phone was verified since.
 */
public final class PayoutAdvice {

    @Schema(name = "PayoutAdviceAction")
    public enum Action {
        /** No payout phone (a WeChat resident): set and verify one. */
        SET_PAYOUT_PHONE,
        /** A phone-credit payment failed (e.g. wrong or closed number): change the payout phone. */
        CHANGE_PAYOUT_PHONE,
        /** The payout phone was changed after the failure: nothing to do, a later batch pays. */
        WAIT_FOR_NEXT_BATCH,
        /** A WeChat payment cannot be made (no openid) or failed: finance can change the channel. */
        ASK_FINANCE_TO_CHANGE_CHANNEL
    }

    public record Advice(Action action, String hint) {
        static final Advice NONE = new Advice(null, null);
    }

    static final String SET_PHONE_HINT = "请在“我的—收款手机号”中填写手机号并输入短信验证码，奖励将在之后的结算批次中发放。";
    static final String NO_OPENID_HINT = "本奖励须通过微信发放，但您的账号未绑定微信。请联系财政所改为话费发放（需先设置收款手机号）。";
    static final String WAIT_HINT = "收款手机号已更新，奖励将在之后的结算批次中重新发放。";

    private PayoutAdvice() {}

    public static Advice of(
            RewardState state,
            boolean awaitingFine,
            long amountFen,
            Channel channel,
            boolean hasDestination,
            String failureReason,
            boolean destinationChangedSinceFailure) {
        boolean unpaid = state == RewardState.ACCRUED || state == RewardState.APPROVED || state == RewardState.FAILED;
        if (!unpaid || awaitingFine || amountFen <= 0) {
            return Advice.NONE;
        }
        if (!hasDestination) {
            return channel == Channel.WECHAT
                    ? new Advice(Action.ASK_FINANCE_TO_CHANGE_CHANNEL, NO_OPENID_HINT)
                    : new Advice(Action.SET_PAYOUT_PHONE, SET_PHONE_HINT);
        }
        if (state != RewardState.FAILED) {
            return Advice.NONE;
        }
        String why = failureReason == null ? "" : "（" + failureReason + "）";
        if (channel == Channel.WECHAT) {
            return new Advice(Action.ASK_FINANCE_TO_CHANGE_CHANNEL, "微信发放失败" + why + "。请联系财政所核实，或改为话费发放。");
        }
        if (destinationChangedSinceFailure) {
            return new Advice(Action.WAIT_FOR_NEXT_BATCH, WAIT_HINT);
        }
        return new Advice(
                Action.CHANGE_PAYOUT_PHONE, "发放失败" + why + "。如收款手机号有误或已停机，请在“我的—收款手机号”中更换并验证；更换后奖励将在之后的结算批次中重新发放。");
    }
}
