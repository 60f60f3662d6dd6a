package cn.suishoupai.identity;

import cn.suishoupai.common.ApiException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/** The production default until a gateway is configured: SMS login answers 503, no code is ever logged. */
@ApplicationScoped
@Identifier("none")
public class DisabledSmsSender implements SmsSender {

    @Override
    public void sendLoginCode(String phone, String code) {
        throw new ApiException(503, "sms-not-configured");
    }

    @Override
    public void sendNotice(String phone, String text) {
        throw new ApiException(503, "sms-not-configured");
    }
}
