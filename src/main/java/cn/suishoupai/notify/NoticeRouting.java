package cn.suishoupai.notify;

import cn.suishoupai.identity.Addressees.Contact;
import cn.suishoupai.notify.Outbox.RecipientType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which channels one outbox row goes out on besides the in-app list (which every addressed account
 * gets), decided from its kind, its recipient, the addressed accounts' contact data and, for staff,
 * the admin's channel setting. Pure: tested table-driven.
 * <ul>
 * <li>a resident (recipient ACCOUNT): a WeChat subscription message when the type has a template and
 * the resident an openid, with their phone as the SMS fallback; else an SMS when the phone is known;</li>
 * <li>staff (a unit, a region's dispatchers / leaders / grid workers): SMS to each addressed account's
 * phone and/or the duty phones, and/or the WeCom bot, as the setting says; nothing without one;</li>
 * <li>always the integration sender (log or signed webhook), once per row.</li>
 * </ul>
 * Types that are not {@link NoticeKind#external} (and unknown types) go to the in-app list and the
 * integration only. Each send has a target, which with the channel names its delivery record.
 */
public final class NoticeRouting {

    public enum Channel {
        WECHAT,
        SMS,
        WECOM,
        INTEGRATION
    }

    /**
     * One send. accountId: the addressed account (0 for a duty phone, a bot, the integration). phone: the
     * SMS number. fallbackPhone: for WECHAT, where the SMS goes when WeChat cannot take the message.
     */
    public record Send(Channel channel, String target, long accountId, String phone, String fallbackPhone) {}

    /** The integration sender's one send per row. */
    public static final Send INTEGRATION = new Send(Channel.INTEGRATION, "-", 0, null, null);

    private NoticeRouting() {}

    /**
     * @param wechatTemplate whether a WeChat template is configured for the type (and WeChat is set up)
     * @param residentSms    suishoupai.notify.resident-sms-fallback
     * @param staff          the admin's setting for the recipient, if any
     */
    public static List<Send> plan(
            Optional<NoticeKind> kind,
            RecipientType to,
            List<Contact> addressees,
            boolean wechatTemplate,
            boolean residentSms,
            Optional<NoticeChannels.Setting> staff) {
        List<Send> out = new ArrayList<>();
        boolean external = kind.map(k -> k.external).orElse(false);
        if (external && to == RecipientType.ACCOUNT) {
            for (Contact c : addressees) {
                String target = account(c.accountId());
                String phone = residentSms ? c.phone() : null;
                if (wechatTemplate && c.openid() != null) {
                    out.add(new Send(Channel.WECHAT, target, c.accountId(), null, phone));
                } else if (phone != null) {
                    out.add(new Send(Channel.SMS, target, c.accountId(), phone, null));
                }
            }
        } else if (external && staff.isPresent()) {
            NoticeChannels.Setting s = staff.get();
            Set<String> phones = new HashSet<>();
            if (s.smsToMembers()) {
                for (Contact c : addressees) {
                    if (c.phone() != null && phones.add(c.phone())) {
                        out.add(new Send(Channel.SMS, account(c.accountId()), c.accountId(), c.phone(), null));
                    }
                }
            }
            for (String p : s.smsPhones()) {
                if (phones.add(p)) {
                    out.add(new Send(Channel.SMS, "phone:" + p, 0, p, null));
                }
            }
            if (s.wecomKey() != null) {
                out.add(new Send(Channel.WECOM, "bot:" + s.id(), 0, null, null));
            }
        }
        out.add(INTEGRATION);
        return out;
    }

    static String account(long id) {
        return "account:" + id;
    }

    /** The SMS text of a notice: sign, title, text and an absolute link, at most the SMS notice length. */
    public static String sms(NoticeTexts.Rendered n, int max) {
        String link =
                n.link() != null && (n.link().startsWith("https://") || n.link().startsWith("http://"))
                        ? " " + n.link()
                        : "";
        String text = "【随手拍】" + n.title() + "：" + n.text();
        int room = max - link.length();
        if (text.length() > room) {
            text = text.substring(0, Math.max(0, room - 1)) + "…";
        }
        return text + link;
    }
}
