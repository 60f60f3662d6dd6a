package cn.suishoupai.identity;

import cn.suishoupai.common.RateBudget;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * Every SMS code the service sends, whichever feature sends it and whichever sender delivers it,
 * first takes one unit of the "sms" budgets (per client address and service-wide, common/RateBudget).
 * A spent budget is 429 and nothing is sent. Deliberately not abstract: a new SmsSender method
 * does not compile until it is budgeted here too.
 */
@Decorator
@Priority(10)
public class SmsBudgetDecorator implements SmsSender {

    @Inject
    @Delegate
    @Any
    SmsSender delegate;

    @Inject
    RateBudget budget;

    /** A sender that delivers through another sender (tests' recording one) is charged once. */
    private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

    @Override
    public void sendLoginCode(String phone, String code) {
        if (SENDING.get() != null) {
            delegate.sendLoginCode(phone, code);
            return;
        }
        budget.take("sms");
        SENDING.set(Boolean.TRUE);
        try {
            delegate.sendLoginCode(phone, code);
        } finally {
            SENDING.remove();
        }
    }

    /**
     * Notices are not budgeted: the "sms" budgets count codes a client can make us send (abuse), while
     * a notice is sent by the outbox delivery for a change that happened, once per recipient and channel.
     */
    @Override
    public void sendNotice(String phone, String text) {
        delegate.sendNotice(phone, text);
    }
}
