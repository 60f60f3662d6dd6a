package cn.suishoupai.reward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the resident is told to do for a reward to be paid: table-driven, no Quarkus. */
class PayoutAdviceTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                // state, awaitingFine, amount, channel, has destination, failure reason, phone changed since, action,
                // hint contains
                "ACCRUED,   false, 5000, PHONE_CREDIT, false, -,    false, SET_PAYOUT_PHONE,              收款手机号",
                "APPROVED,  false, 5000, PHONE_CREDIT, false, -,    false, SET_PAYOUT_PHONE,              收款手机号",
                "APPROVED,  false, 5000, BANK,         false, -,    false, SET_PAYOUT_PHONE,              收款手机号",
                "APPROVED,  false, 5000, WECHAT,       false, -,    false, ASK_FINANCE_TO_CHANGE_CHANNEL, 未绑定微信",
                "APPROVED,  false, 5000, PHONE_CREDIT, true,  -,    false, -,                             -",
                "ACCRUED,   true,  0,    PHONE_CREDIT, false, -,    false, -,                             -", // waits
                // for the
                // fine
                "ACCRUED,   false, 0,    PHONE_CREDIT, false, -,    false, -,                             -", // nothing
                // to pay
                "FAILED,    false, 5000, PHONE_CREDIT, true,  空号, false, CHANGE_PAYOUT_PHONE,           空号",
                "FAILED,    false, 5000, PHONE_CREDIT, true,  空号, true,  WAIT_FOR_NEXT_BATCH,           下一|之后",
                "FAILED,    false, 5000, PHONE_CREDIT, false, 空号, false, SET_PAYOUT_PHONE,              收款手机号",
                "FAILED,    false, 5000, WECHAT,       true,  余额不足, false, ASK_FINANCE_TO_CHANGE_CHANNEL, 余额不足",
                "IN_BATCH,  false, 5000, PHONE_CREDIT, false, -,    false, -,                             -",
                "PAID,      false, 5000, PHONE_CREDIT, true,  -,    false, -,                             -",
                "CANCELLED, false, 5000, PHONE_CREDIT, false, -,    false, -,                             -",
            })
    void advice(
            RewardState state,
            boolean awaitingFine,
            long amount,
            Channel channel,
            boolean hasDestination,
            String reason,
            boolean changed,
            PayoutAdvice.Action action,
            String hint) {
        PayoutAdvice.Advice a = PayoutAdvice.of(state, awaitingFine, amount, channel, hasDestination, reason, changed);
        assertThat(a.action()).isEqualTo(action);
        if (hint == null) {
            assertThat(a.hint()).isNull();
        } else {
            assertThat(a.hint()).containsPattern(hint);
        }
    }
}
