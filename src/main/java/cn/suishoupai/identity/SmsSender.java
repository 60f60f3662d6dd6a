package cn.suishoupai.identity;

/**
 * Delivers SMS login codes. Implementations are CDI beans with an {@code @Identifier}; the
 * {@code suishoupai.auth.sms.sender} setting picks one. A failure to send throws.
 */
public interface SmsSender {
    void sendLoginCode(String phone, String code);

    /**
     * Delivers a code that confirms a resident's payout phone (收款手机号). By default the same
     * message as a login code: a six-digit verification code.
     */
    default void sendPayoutPhoneCode(String phone, String code) {
        sendLoginCode(phone, code);
    }

    /**
     * Delivers a notice (DOMAIN §6): a resident's report was accepted, a unit has a ticket to sign.
     * text is plain Chinese, at most {@link #NOTICE_MAX} characters. Throws an ApiException with 503
     * when this sender cannot deliver notices at all (no gateway), any other exception when the send failed.
     */
    void sendNotice(String phone, String text);

    /** What one notice SMS may carry (a long SMS is split by the gateway; this bounds the cost). */
    int NOTICE_MAX = 200;
}
