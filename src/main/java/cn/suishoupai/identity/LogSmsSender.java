package cn.suishoupai.identity;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Writes the code to the log instead of sending it: the local run and the tests. */
@ApplicationScoped
@Identifier("log")
public class LogSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LogSmsSender.class);

    @Override
    public void sendLoginCode(String phone, String code) {
        LOG.infof("SMS code for %s: %s", phone, code);
    }

    @Override
    public void sendNotice(String phone, String text) {
        LOG.infof("SMS notice to %s: %s", phone, text);
    }
}
