package cn.suishoupai.notify;

/**
 * Delivers outbox events. Implementations are CDI beans with an {@code @Identifier}; the
 * {@code suishoupai.notify.sender} setting picks one. Returning normally means the receiver has the
 * event; throwing means it may not, and the row is retried with backoff. The same event may arrive
 * more than once (at-least-once): receivers deduplicate by {@link Notification#eventId()}.
 */
public interface NotificationSender {

    void send(Notification notification) throws DeliveryFailed;

    /** The receiver did not accept the event (refused, unreachable, timed out). */
    class DeliveryFailed extends Exception {

        public DeliveryFailed(String message) {
            super(message, null, false, false);
        }

        public DeliveryFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
