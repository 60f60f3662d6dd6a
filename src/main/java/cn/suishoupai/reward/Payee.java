package cn.suishoupai.reward;

import cn.suishoupai.identity.Account;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who a reward is paid to, as finance views show it: the phone masked (full only in the audited export files). */
@Schema(name = "RewardPayee")
public record Payee(long accountId, String name, String phoneMasked) {

    /** null when the reward has no payee (yet). */
    static Payee of(Account a) {
        return a == null ? null : new Payee(a.id, a.displayName, mask(a.payoutPhone()));
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
