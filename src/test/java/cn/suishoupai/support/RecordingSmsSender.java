package cn.suishoupai.support;

import cn.suishoupai.identity.LogSmsSender;
import cn.suishoupai.identity.SmsSender;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test SMS sender: delivers through the real log sender and remembers the last code per phone. */
@ApplicationScoped
@Identifier("recording")
public class RecordingSmsSender implements SmsSender {

    private final Map<String, String> last = new ConcurrentHashMap<>();

    @Inject
    @Identifier("log")
    LogSmsSender log;

    @Override
    public void sendLoginCode(String phone, String code) {
        log.sendLoginCode(phone, code);
        last.put(phone, code);
    }

    public String lastCode(String phone) {
        return last.get(phone);
    }
}
