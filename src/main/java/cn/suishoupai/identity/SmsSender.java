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
}
