package cn.suishoupai.identity;

/**
 * Delivers SMS login codes. Implementations are CDI beans with an {@code @Identifier}; the
 * {@code suishoupai.auth.sms.sender} setting picks one. A failure to send throws.
 */
public interface SmsSender {
    void sendLoginCode(String phone, String code);
}
