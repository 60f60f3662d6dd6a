package cn.suishoupai.notify;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.identity.Addressees;
import cn.suishoupai.identity.Addressees.Contact;
import cn.suishoupai.identity.AuthConfig;
import cn.suishoupai.identity.SmsSender;
import cn.suishoupai.notify.NoticeRouting.Channel;
import cn.suishoupai.notify.NoticeRouting.Send;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.report.Reporters;
import cn.suishoupai.ticket.TicketStates;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers one claimed outbox row on each of its channels (DOMAIN §6), for {@link OutboxDelivery}:
 * <ol>
 * <li>resolves the recipient to accounts (identity.Addressees: the unit's staff, the dispatchers /
 * leaders / grid workers whose scope covers the ticket's grid, the resident) and adds the notice to
 * each one's in-app list (idempotent);</li>
 * <li>sends it on the channels {@link NoticeRouting} plans: WeChat subscription message with the SMS
 * fallback for residents, SMS and / or WeCom bot for staff as admin data says, and the integration
 * sender;</li>
 * <li>records each send's outcome per channel and target in notice_delivery, so a retry after a
 * partial failure sends only where it did not get through.</li>
 * </ol>
 * Throws DeliveryFailed, naming what failed, when some channel must be tried again: the row is then
 * retried with backoff like any failed delivery (a WeChat or WeCom rate limit waits, it does not turn
 * into SMS). A refused or used-up WeChat subscription falls back to SMS at once.
 */
@ApplicationScoped
public class NoticeDelivery {

    private static final Logger LOG = Logger.getLogger(NoticeDelivery.class);

    enum Status {
        DELIVERED,
        FAILED,
        REFUSED,
        GAVE_UP,
        SKIPPED;

        /** Nothing more to do on this channel and target. */
        boolean settled() {
            return this != FAILED;
        }
    }

    private final EntityManager em;
    private final Addressees addressees;
    private final TicketStates tickets;
    private final Reporters reports;
    private final NoticeChannels channels;
    private final Subscriptions subscriptions;
    private final WechatSubscribe wechat;
    private final WecomBot wecom;
    private final Instance<SmsSender> smsSenders;
    private final AuthConfig auth;
    private final NotifyConfig config;
    private final Json json;
    private final Clock clock;

    NoticeDelivery(
            EntityManager em,
            Addressees addressees,
            TicketStates tickets,
            Reporters reports,
            NoticeChannels channels,
            Subscriptions subscriptions,
            WechatSubscribe wechat,
            WecomBot wecom,
            @Any Instance<SmsSender> smsSenders,
            AuthConfig auth,
            NotifyConfig config,
            Json json,
            Clock clock) {
        this.em = em;
        this.addressees = addressees;
        this.tickets = tickets;
        this.reports = reports;
        this.channels = channels;
        this.subscriptions = subscriptions;
        this.wechat = wechat;
        this.wecom = wecom;
        this.smsSenders = smsSenders;
        this.auth = auth;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** What one row is and whom it reaches, read in one short transaction. */
    record Context(
            long rowId,
            Notification notification,
            Optional<NoticeKind> kind,
            List<Contact> addressees,
            Map<String, Status> done,
            Optional<NoticeChannels.Setting> staff,
            List<Send> sends,
            NoticeTexts.Rendered rendered) {

        Status done(Channel channel, String target) {
            return done.get(channel.name() + "|" + target);
        }
    }

    /** Delivers the row on every channel it has; throws when a channel must be tried again. */
    public void deliver(OutboxDelivery.Claimed c, NotificationSender integration)
            throws NotificationSender.DeliveryFailed {
        Context ctx = QuarkusTransaction.requiringNew().call(() -> prepare(c));
        List<String> failures = new ArrayList<>();
        for (Send s : ctx.sends()) {
            if (settled(ctx, s)) {
                continue; // got through (or settled) on an earlier attempt: never twice
            }
            try {
                switch (s.channel()) {
                    case WECHAT -> wechat(ctx, s, failures);
                    case SMS -> sms(ctx, Channel.SMS, s.target(), s.phone(), failures);
                    case WECOM -> wecom(ctx, s, failures);
                    case INTEGRATION -> integration(ctx, integration, failures);
                }
            } catch (RuntimeException e) {
                // a broken channel must not stop the others or lose the row
                LOG.errorf(e, "Notice channel %s threw for outbox row %d", s.channel(), ctx.rowId());
                record(ctx.rowId(), s.channel(), s.target(), Status.FAILED, e.toString());
                failures.add(s.channel() + ": " + e);
            }
        }
        if (!failures.isEmpty()) {
            throw new NotificationSender.DeliveryFailed(String.join("; ", failures));
        }
    }

    /**
     * Nothing is left to do for this send. A WeChat send is settled once WeChat took it, or once its
     * SMS fallback is settled: a refusal followed by a failed SMS still owes the SMS.
     */
    private static boolean settled(Context ctx, Send s) {
        Status own = ctx.done(s.channel(), s.target());
        if (s.channel() == Channel.WECHAT) {
            Status sms = ctx.done(Channel.SMS, s.target());
            return own == Status.DELIVERED
                    || (own != null && own.settled() && (s.fallbackPhone() == null || (sms != null && sms.settled())));
        }
        return own != null && own.settled();
    }

    // ------------------------------------------------------------------ who and what

    private Context prepare(OutboxDelivery.Claimed c) {
        Notification n = c.notification();
        JsonNode payload = json.tree(n.body()).path("payload");
        Optional<NoticeKind> kind = NoticeKind.of(n.type());
        RecipientType to = n.recipient().type();
        long id = n.recipient().id();
        List<Contact> who;
        Optional<NoticeChannels.Setting> staff = Optional.empty();
        switch (to) {
            case ACCOUNT -> who = addressees.account(id).stream().toList();
            case UNIT -> {
                who = addressees.unitStaff(id);
                staff = channels.forUnit(id);
            }
            default -> {
                List<Long> above = ScopeTree.above(em, place(n, payload));
                who = addressees.regionalStaff(role(to), above);
                staff = channels.forRegion(to, above);
            }
        }
        for (Contact a : who) {
            em.createNativeQuery("insert into notice (outbox_event_id, account_id, created_at) values (?1, ?2, ?3) "
                            + "on conflict (outbox_event_id, account_id) do nothing")
                    .setParameter(1, c.id())
                    .setParameter(2, a.accountId())
                    .setParameter(3, n.createdAt())
                    .executeUpdate();
        }
        Map<String, Status> done = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select channel, target, status from notice_delivery where outbox_event_id = ?1")
                .setParameter(1, c.id())
                .getResultList();
        rows.forEach(r -> done.put(r[0] + "|" + r[1], Status.valueOf((String) r[2])));
        boolean template = wechat.configured() && config.wechat().templates().containsKey(n.type());
        List<Send> sends = NoticeRouting.plan(kind, to, who, template, config.residentSmsFallback(), staff);
        NoticeTexts.Rendered rendered = NoticeTexts.render(n.type(), payload, n.createdAt(), links(config.links()));
        return new Context(c.id(), n, kind, who, done, staff, sends, rendered);
    }

    /**
     * The region a regional notice is about, most specific first: the grid named in the payload, the
     * ticket's or report's place, else the recipient's own region (the township).
     */
    private long place(Notification n, JsonNode payload) {
        if (n.recipient().type() == RecipientType.REGION_GRID_WORKERS) {
            return n.recipient().id();
        }
        if (payload.path("gridId").canConvertToLong()) {
            return payload.path("gridId").asLong();
        }
        Long place = null;
        if (n.ticketId() != null) {
            place = tickets.placeOf(n.ticketId());
        } else if (payload.path("reportId").canConvertToLong()) {
            place = reports.placeOf(payload.path("reportId").asLong());
        }
        return place != null ? place : n.recipient().id();
    }

    static String role(RecipientType to) {
        return switch (to) {
            case REGION_DISPATCHERS -> cn.suishoupai.common.Role.DISPATCHER_;
            case REGION_LEADERS -> cn.suishoupai.common.Role.LEADER_;
            case REGION_GRID_WORKERS -> cn.suishoupai.common.Role.GRID_WORKER_;
            default -> throw new IllegalArgumentException("not a regional recipient: " + to);
        };
    }

    static NoticeTexts.Links links(NotifyConfig.Links l) {
        return new NoticeTexts.Links(
                l.report(), l.afterPhotos().orElse(l.report()), l.ticket(), l.review(), l.rewards());
    }

    // ------------------------------------------------------------------ channels

    /** A subscription message; a refused or used-up subscription (or a wrong setting) falls back to SMS. */
    private void wechat(Context ctx, Send s, List<String> failures) {
        NotifyConfig.Template t =
                config.wechat().templates().get(ctx.notification().type());
        Contact c = ctx.addressees().stream()
                .filter(a -> a.accountId() == s.accountId())
                .findFirst()
                .orElseThrow();
        Status status = ctx.done(Channel.WECHAT, s.target());
        if (status == null || status == Status.FAILED) {
            if (!subscriptions.take(c.accountId(), t.id())) {
                record(ctx.rowId(), Channel.WECHAT, s.target(), Status.REFUSED, "no accepted subscription left");
            } else {
                String page =
                        NoticeTexts.link(t.page().orElse(config.wechat().page()), new NoticeTexts.P(payloadOf(ctx)));
                ChannelResult r = wechat.send(
                        c.openid(),
                        t.id(),
                        page == null ? config.wechat().page() : page,
                        SubscribeMessage.data(mapping(t.data()), ctx.rendered().values()));
                switch (r.outcome()) {
                    case SENT -> {
                        record(ctx.rowId(), Channel.WECHAT, s.target(), Status.DELIVERED, null);
                        return;
                    }
                    case REFUSED -> {
                        subscriptions.refused(c.accountId(), t.id());
                        record(ctx.rowId(), Channel.WECHAT, s.target(), Status.REFUSED, r.message());
                    }
                    case RETRY -> {
                        // rate-limited or busy: the message was not taken, the resident keeps the credit; no SMS
                        subscriptions.giveBack(c.accountId(), t.id());
                        record(ctx.rowId(), Channel.WECHAT, s.target(), Status.FAILED, r.message());
                        failures.add("WECHAT: " + r.message());
                        return;
                    }
                    case PERMANENT -> {
                        subscriptions.giveBack(c.accountId(), t.id());
                        LOG.warnf(
                                "WeChat refused a subscription message of template %s (%s): %s",
                                t.id(), ctx.notification().type(), r.message());
                        record(ctx.rowId(), Channel.WECHAT, s.target(), Status.GAVE_UP, r.message());
                    }
                }
            }
        }
        if (s.fallbackPhone() != null) {
            Status sms = ctx.done(Channel.SMS, s.target());
            if (sms == null || !sms.settled()) {
                sms(ctx, Channel.SMS, s.target(), s.fallbackPhone(), failures);
            }
        }
    }

    private void sms(Context ctx, Channel channel, String target, String phone, List<String> failures) {
        try {
            smsSender().sendNotice(phone, NoticeRouting.sms(ctx.rendered(), SmsSender.NOTICE_MAX));
            record(ctx.rowId(), channel, target, Status.DELIVERED, null);
        } catch (ApiException e) {
            if (e.status() == 503) {
                // suishoupai.auth.sms.sender=none: there is no gateway to send with
                record(ctx.rowId(), channel, target, Status.SKIPPED, "no SMS gateway (" + e.code() + ")");
                return;
            }
            record(ctx.rowId(), channel, target, Status.FAILED, "SMS gateway: " + e.code());
            failures.add("SMS: " + e.code());
        }
    }

    private void wecom(Context ctx, Send s, List<String> failures) {
        NoticeChannels.Setting setting = ctx.staff().orElseThrow();
        ChannelResult r = wecom.send(setting.wecomKey(), setting.wecomMsgtype(), ctx.rendered());
        switch (r.outcome()) {
            case SENT -> record(ctx.rowId(), Channel.WECOM, s.target(), Status.DELIVERED, null);
            case RETRY -> {
                record(ctx.rowId(), Channel.WECOM, s.target(), Status.FAILED, r.message());
                failures.add("WECOM: " + r.message());
            }
            default -> {
                // 93000 invalid webhook key and the like: an admin must fix the setting
                LOG.warnf(
                        "WeCom bot of notice channel %d refused a message: %s (fix it at /api/v1/admin/notice-channels)",
                        setting.id(), r.message());
                record(ctx.rowId(), Channel.WECOM, s.target(), Status.GAVE_UP, r.message());
            }
        }
    }

    private void integration(Context ctx, NotificationSender sender, List<String> failures) {
        try {
            sender.send(ctx.notification());
            record(ctx.rowId(), Channel.INTEGRATION, NoticeRouting.INTEGRATION.target(), Status.DELIVERED, null);
        } catch (NotificationSender.DeliveryFailed e) {
            record(ctx.rowId(), Channel.INTEGRATION, NoticeRouting.INTEGRATION.target(), Status.FAILED, e.getMessage());
            failures.add(e.getMessage());
        }
    }

    private JsonNode payloadOf(Context ctx) {
        return json.tree(ctx.notification().body()).path("payload");
    }

    /** "thing1=title,time3=time" → keyword → value name. */
    static Map<String, String> mapping(String data) {
        Map<String, String> out = new LinkedHashMap<>();
        Arrays.stream(data.split(","))
                .map(String::strip)
                .filter(p -> p.contains("="))
                .forEach(p -> out.put(
                        p.substring(0, p.indexOf('=')).strip(),
                        p.substring(p.indexOf('=') + 1).strip()));
        return out;
    }

    private SmsSender smsSender() {
        Instance<SmsSender> chosen =
                smsSenders.select(Identifier.Literal.of(auth.sms().sender()));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("No SMS sender named '" + auth.sms().sender() + "'");
        }
        return chosen.get();
    }

    /** The outcome of one send on one channel and target, in a transaction of its own. */
    void record(long rowId, Channel channel, String target, Status status, String error) {
        String e = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "insert into notice_delivery (outbox_event_id, channel, target, status, "
                                        + "attempts, last_error, updated_at) values (?1, ?2, ?3, ?4, 1, ?5, ?6) "
                                        + "on conflict (outbox_event_id, channel, target) do update set status = excluded.status, "
                                        + "attempts = notice_delivery.attempts + 1, last_error = excluded.last_error, "
                                        + "updated_at = excluded.updated_at")
                        .setParameter(1, rowId)
                        .setParameter(2, channel.name())
                        .setParameter(3, target)
                        .setParameter(4, status.name())
                        .setParameter(5, e)
                        .setParameter(6, now)
                        .executeUpdate());
    }
}
