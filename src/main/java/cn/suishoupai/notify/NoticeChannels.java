package cn.suishoupai.notify;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.Matches;
import cn.suishoupai.common.Times;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.RegionScope;
import cn.suishoupai.region.Unit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which channels a unit's staff, or a region's dispatchers / leaders / grid workers, are reached by
 * besides the in-app list (admin data, DOMAIN §6): SMS to the addressed staff's own phones and/or to
 * duty phones, and/or a WeCom group bot. A region's setting covers the regions below it unless one of
 * them has its own (the nearest wins). The bot's webhook key is a secret: stored, never shown in full.
 */
@ApplicationScoped
public class NoticeChannels {

    /** What the delivery needs of one setting. */
    public record Setting(
            long id, boolean smsToMembers, List<String> smsPhones, String wecomKey, String wecomMsgtype) {}

    public static final String PHONE = "^1[3-9][0-9]{9}$";
    public static final String WECOM_KEY = "^[A-Za-z0-9-]{8,200}$";
    static final int MAX_PHONES = 10;

    @Schema(name = "NoticeChannelWecomBody")
    public record WecomBody(
            @Schema(description = "false (or no wecom at all) removes the bot")
            Boolean enabled,

            @Schema(description = "the group bot's webhook key; omitted: keep the stored one")
            @Matches(regexp = WECOM_KEY, message = "field.wecom-key.format")
            String key,

            @Schema(description = "text or markdown (default)")
            @Matches(regexp = "^(text|markdown)$", message = "field.wecom-msgtype")
            String msgtype) {}

    @Schema(name = "NoticeChannelBody")
    public record Body(
            @Schema(description = "SMS to the phone of each addressed staff account that has one")
            Boolean smsToMembers,

            @Schema(description = "duty phones (值班电话) that get every notice, up to 10")
            List<String> smsPhones,

            @Valid WecomBody wecom) {}

    @Schema(name = "NoticeChannelWecom")
    public record WecomView(boolean enabled, String keyHint, String msgtype) {}

    @Schema(name = "NoticeChannel")
    public record View(
            RecipientType recipientType,
            long targetId,
            String targetName,
            boolean smsToMembers,
            List<String> smsPhones,
            WecomView wecom,
            Instant updatedAt) {}

    private final EntityManager em;
    private final Audit audit;
    private final Json json;
    private final Clock clock;
    private final RegionNames regionNames;

    NoticeChannels(EntityManager em, Audit audit, Json json, Clock clock, RegionNames regionNames) {
        this.regionNames = regionNames;
        this.em = em;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the delivery's lookups

    /** The unit's setting. */
    public Optional<Setting> forUnit(long unitId) {
        return rows("recipient_type = ?1 and target_id in (?2)", RecipientType.UNIT.name(), List.of(unitId))
                .values()
                .stream()
                .findFirst();
    }

    /** The nearest setting for the recipient type among the regions, given nearest first (grid … district). */
    public Optional<Setting> forRegion(RecipientType type, List<Long> regionAndAbove) {
        if (regionAndAbove.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Setting> found = rows("recipient_type = ?1 and target_id in (?2)", type.name(), regionAndAbove);
        return regionAndAbove.stream()
                .filter(found::containsKey)
                .map(found::get)
                .findFirst();
    }

    private Map<Long, Setting> rows(String where, String type, Collection<Long> targets) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select target_id, id, sms_to_members, sms_phones, wecom_key, "
                        + "wecom_msgtype from notice_channel where " + where)
                .setParameter(1, type)
                .setParameter(2, targets)
                .getResultList();
        Map<Long, Setting> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put(
                    ((Number) r[0]).longValue(),
                    new Setting(
                            ((Number) r[1]).longValue(), (Boolean) r[2], phones(r[3]), (String) r[4], (String) r[5]));
        }
        return out;
    }

    // ------------------------------------------------------------------ admin

    /** Every setting the admin may see (their regions' units and regions), by type and target. */
    @Transactional
    public List<View> list(Actor actor) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select recipient_type, target_id, sms_to_members, sms_phones, "
                        + "wecom_key, wecom_msgtype, updated_at from notice_channel order by recipient_type, target_id")
                .getResultList();
        List<View> out = new ArrayList<>();
        for (Object[] r : rows) {
            RecipientType type = RecipientType.valueOf((String) r[0]);
            long target = ((Number) r[1]).longValue();
            String name = visibleName(actor, type, target);
            if (name != null) {
                out.add(view(type, target, name, r));
            }
        }
        return out;
    }

    @Transactional
    public View get(String type, long targetId, Actor actor) {
        RecipientType t = type(type);
        String name = requireVisible(actor, t, targetId);
        Object[] r = row(t, targetId);
        if (r == null) {
            throw ApiException.notFound("notice-channel-not-found", t.name(), targetId);
        }
        return view(t, targetId, name, r);
    }

    /** Sets the channels of a unit or a region's staff; audited without the key. */
    @Transactional
    public View put(String type, long targetId, Body body, Actor actor) {
        RecipientType t = type(type);
        String name = requireVisible(actor, t, targetId);
        if (body == null) {
            throw ApiException.invalidField("smsToMembers", "field.required");
        }
        List<String> given = body.smsPhones() == null ? List.of() : body.smsPhones();
        if (given.size() > MAX_PHONES) {
            throw ApiException.invalidField("smsPhones", "field.sms-phones.count", MAX_PHONES);
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null || !given.get(i).matches(PHONE)) {
                throw ApiException.invalidField("smsPhones[" + i + "]", "field.phone.format");
            }
        }
        Object[] before = row(t, targetId);
        String storedKey = before == null ? null : (String) before[4];
        boolean wecom =
                body.wecom() != null && !Boolean.FALSE.equals(body.wecom().enabled());
        String key = !wecom ? null : body.wecom().key() != null ? body.wecom().key() : storedKey;
        if (wecom && key == null) {
            throw ApiException.invalidField("wecom.key", "field.required");
        }
        String msgtype = wecom && body.wecom().msgtype() != null ? body.wecom().msgtype() : "markdown";
        List<String> phones = List.copyOf(new LinkedHashSet<>(given));
        boolean toMembers = Boolean.TRUE.equals(body.smsToMembers());
        Instant now = clock.instant();
        em.createNativeQuery("insert into notice_channel (recipient_type, target_id, sms_to_members, sms_phones, "
                        + "wecom_key, wecom_msgtype, updated_at, updated_by) values (?1, ?2, ?3, cast(?4 as varchar(16)[]), ?5, ?6, ?7, ?8) "
                        + "on conflict (recipient_type, target_id) do update set sms_to_members = excluded.sms_to_members, "
                        + "sms_phones = excluded.sms_phones, wecom_key = excluded.wecom_key, "
                        + "wecom_msgtype = excluded.wecom_msgtype, updated_at = excluded.updated_at, "
                        + "updated_by = excluded.updated_by")
                .setParameter(1, t.name())
                .setParameter(2, targetId)
                .setParameter(3, toMembers)
                .setParameter(4, "{" + String.join(",", phones) + "}")
                .setParameter(5, key)
                .setParameter(6, msgtype)
                .setParameter(7, now)
                .setParameter(8, actor.id())
                .executeUpdate();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("recipientType", t.name());
        details.put("targetId", targetId);
        details.put("smsToMembers", toMembers);
        details.put("smsPhones", phones.size());
        details.put("wecom", key != null);
        details.put("wecomKeyChanged", key != null && !key.equals(storedKey));
        audit.record(actor, "notice-channel.update", Target.of("notice_channel", targetId), json.write(details));
        return view(t, targetId, name, row(t, targetId));
    }

    private Object[] row(RecipientType t, long targetId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select recipient_type, target_id, sms_to_members, sms_phones, "
                                + "wecom_key, wecom_msgtype, updated_at from notice_channel where recipient_type = ?1 and target_id = ?2")
                .setParameter(1, t.name())
                .setParameter(2, targetId)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static View view(RecipientType type, long target, String name, Object[] r) {
        String key = (String) r[4];
        return new View(
                type,
                target,
                name,
                (Boolean) r[2],
                phones(r[3]),
                new WecomView(key != null, hint(key), key == null ? null : (String) r[5]),
                Times.instant(r[6]));
    }

    /** "…" and the key's last four characters: enough to tell two bots apart, useless to post with. */
    static String hint(String key) {
        if (key == null) {
            return null;
        }
        return "…" + key.substring(Math.max(0, key.length() - 4));
    }

    private static RecipientType type(String s) {
        if (s != null) {
            for (RecipientType t : RecipientType.values()) {
                if (t.staff() && t.name().equalsIgnoreCase(s)) {
                    return t;
                }
            }
        }
        throw ApiException.notFound("not-found");
    }

    /** The target's name when the admin may see it; 404 (the unit's or region's) otherwise. */
    private String requireVisible(Actor actor, RecipientType t, long targetId) {
        if (t == RecipientType.UNIT) {
            Unit u = regionNames.unit(targetId);
            if (u == null) {
                throw ApiException.notFound("unit-not-found", targetId);
            }
            RegionScope.requireVisible(actor, u.regionIds, "unit-not-found", targetId);
            return u.name;
        }
        Region r = regionNames.region(targetId);
        if (r == null) {
            throw ApiException.notFound("region-not-found", targetId);
        }
        RegionScope.requireVisible(actor, r.id, "region-not-found", targetId);
        return r.name;
    }

    private String visibleName(Actor actor, RecipientType t, long targetId) {
        try {
            return requireVisible(actor, t, targetId);
        } catch (ApiException e) {
            return null;
        }
    }

    private static List<String> phones(Object column) {
        if (column == null) {
            return List.of();
        }
        if (column instanceof String[] a) {
            return List.of(a);
        }
        if (column instanceof Object[] a) {
            return Arrays.stream(a).map(String::valueOf).toList();
        }
        if (column instanceof Array a) {
            try {
                return Arrays.stream((Object[]) a.getArray())
                        .map(String::valueOf)
                        .toList();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("not an array: " + column.getClass());
    }
}
