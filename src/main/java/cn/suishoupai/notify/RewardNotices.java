package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.reward.RewardAccrued;
import cn.suishoupai.reward.RewardPaid;
import cn.suishoupai.reward.RewardPaymentFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payee hears of a reward owed to them, paid, or whose payment failed with what they can do
 * (DOMAIN §7), in the transaction that recorded it.
 */
@ApplicationScoped
public class RewardNotices {

    private final Outbox outbox;

    RewardNotices(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Nothing owed (no rule, or cut to nothing): nothing to tell. */
    void accrued(@Observes RewardAccrued e) {
        if (e.amountFen() <= 0) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rewardId", e.rewardId());
        payload.put("ticketId", e.ticketId());
        payload.put("amountFen", e.amountFen());
        payload.put("state", e.state().name());
        outbox.enqueue(
                NoticeKind.REWARD_ACCRUED.name(),
                e.ticketId(),
                payload,
                new Recipient(RecipientType.ACCOUNT, e.payeeAccountId()));
    }

    void paid(@Observes RewardPaid e) {
        if (e.payeeAccountId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rewardId", e.rewardId());
        payload.put("ticketId", e.ticketId());
        payload.put("amountFen", e.amountFen());
        payload.put("channel", e.channel().name());
        outbox.enqueue(
                NoticeKind.REWARD_PAID.name(),
                e.ticketId(),
                payload,
                new Recipient(RecipientType.ACCOUNT, e.payeeAccountId()));
    }

    void failed(@Observes RewardPaymentFailed e) {
        if (e.payeeAccountId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rewardId", e.rewardId());
        payload.put("ticketId", e.ticketId());
        payload.put("amountFen", e.amountFen());
        payload.put("channel", e.channel().name());
        payload.put("reason", e.reason());
        payload.put("action", e.action() == null ? null : e.action().name());
        payload.put("actionHint", e.actionHint());
        outbox.enqueue(
                NoticeKind.REWARD_FAILED.name(),
                e.ticketId(),
                payload,
                new Recipient(RecipientType.ACCOUNT, e.payeeAccountId()));
    }
}
