package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.reward.RewardAccrued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The payee hears of a reward owed to them (DOMAIN §7), in the transaction that accrued it. */
@ApplicationScoped
public class RewardNotices {

    private final Outbox outbox;

    RewardNotices(Outbox outbox) {
        this.outbox = outbox;
    }

    void accrued(@Observes RewardAccrued e) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rewardId", e.rewardId());
        payload.put("ticketId", e.ticketId());
        payload.put("amountFen", e.amountFen());
        payload.put("state", e.state().name());
        outbox.enqueue(
                "REWARD_ACCRUED", e.ticketId(), payload, new Recipient(RecipientType.ACCOUNT, e.payeeAccountId()));
    }
}
