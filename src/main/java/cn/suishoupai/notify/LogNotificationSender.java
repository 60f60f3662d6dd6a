package cn.suishoupai.notify;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The default: writes each event to the log (payloads carry ids, not names or phone numbers). */
@ApplicationScoped
@Identifier("log")
public class LogNotificationSender implements NotificationSender {

    private static final Logger LOG = Logger.getLogger(LogNotificationSender.class);

    @Override
    public void send(Notification n) {
        LOG.infof(
                "Notification %s %s to %s %d: %s",
                n.eventId(), n.type(), n.recipient().type(), n.recipient().id(), n.body());
    }
}
