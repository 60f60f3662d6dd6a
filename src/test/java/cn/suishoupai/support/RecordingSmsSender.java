package cn.suishoupai.support;

import cn.suishoupai.identity.LogSmsSender;
import cn.suishoupai.identity.SmsSender;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test SMS sender: delivers through the real log sender and remembers the last code per phone and
 * every notice per phone. {@link #failFor} makes the gateway answer an error for a phone.
 */
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

    private final Map<String, List<String>> notices = new ConcurrentHashMap<>();

    /** Phones the "gateway" fails for (502), as a down gateway would. */
    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

    public void failFor(String phone) {
        failing.add(phone);
    }

    public void recover(String phone) {
        failing.remove(phone);
    }

    @Override
    public void sendNotice(String phone, String text) {
        if (failing.contains(phone)) {
            throw new cn.suishoupai.common.ApiException(502, "sms-send-failed");
        }
        log.sendNotice(phone, text);
        notices.computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>()).add(text);
    }

    /** The notices sent to a phone, oldest first. */
    public List<String> notices(String phone) {
        return List.copyOf(notices.getOrDefault(phone, List.of()));
    }
}
