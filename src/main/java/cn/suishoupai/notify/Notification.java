package cn.suishoupai.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * One delivery attempt of one outbox row, as a sender gets it. body is the JSON that is delivered
 * (see OutboxDelivery#envelope); it is the same for every attempt of the row, so is eventId.
 */
public record Notification(
        UUID eventId,
        String type,
        Outbox.Recipient recipient,
        Long ticketId,
        Instant createdAt,
        int attempt,
        String body) {}
