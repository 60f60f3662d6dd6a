package cn.suishoupai.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Chinese title and text of a notice, rendered from its outbox type and payload (the in-app list,
 * SMS, WeCom and the values of WeChat subscription messages all say the same). Pure: tested table-driven.
 * Payloads carry ids, states, reasons and times, never names or phone numbers.
 */
public final class NoticeTexts {

    /** Where a notice points to; each a template with {reportId}, {ticketId} or {rewardId}. */
    public record Links(String report, String afterPhotos, String ticket, String review, String rewards) {

        /** The API paths: what a client without a configured console or H5 page opens. */
        public static final Links API = new Links(
                "/api/v1/reports/{reportId}",
                "/api/v1/reports/{reportId}",
                "/api/v1/tickets/{ticketId}",
                "/api/v1/dispatch/reports/{reportId}",
                "/api/v1/rewards/mine");
    }

    /**
     * title: ≤ 20 characters. text: one or two sentences. link: where the notice points (may be null).
     * values: named parts a WeChat template can show (title, text, time, status, reason, reportId,
     * ticketId, amount, hint); see {@link SubscribeMessage}.
     */
    public record Rendered(String title, String text, String link, Map<String, String> values) {}

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(ZONE);
    /** A subscription message's time keyword wants the year. */
    private static final DateTimeFormatter FULL =
            DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(ZONE);

    private static final Map<String, String> DEADLINES = Map.of(
            "SIGN", "签收",
            "RECTIFY", "整改",
            "RECHECK", "复查",
            "VERIFY", "核实",
            "REDISPATCH", "重新派单",
            "EXTENSION", "延期审批",
            "REVIEW", "线索审核");

    private static final Map<String, String> CHANNELS = Map.of(
            "PHONE_CREDIT", "话费充值",
            "WECHAT", "微信转账",
            "BANK", "银行转账");

    private NoticeTexts() {}

    public static Rendered render(String type, JsonNode payload, Instant createdAt, Links links) {
        P p = new P(payload);
        String report = p.text("reportId");
        String ticket = p.text("ticketId");
        Map<String, String> v = new LinkedHashMap<>();
        v.put("time", FULL.format(createdAt));
        if (report != null) {
            v.put("reportId", report);
        }
        if (ticket != null) {
            v.put("ticketId", ticket);
        }
        String reportRef = report == null ? "您上报的隐患" : "您上报的隐患（编号 " + report + "）";
        String ticketRef = "工单 " + (ticket == null ? "" : ticket + " ");
        String title;
        String text;
        String link;
        switch (type) {
            case "REPORT_ACCEPTED" -> {
                title = "上报已受理";
                text = reportRef + "已受理，已派单至责任单位处理。";
                link = link(links.report(), p);
                v.put("status", "已受理");
            }
            case "REPORT_REJECTED" -> {
                title = "上报不予受理";
                String why = join(p.text("reasonLabel"), p.text("note"));
                v.put("reason", why);
                text = reportRef + "不予受理" + (why == null ? "。" : "，原因：" + why + "。");
                link = link(links.report(), p);
                v.put("status", "不予受理");
            }
            case "REPORT_MERGED" -> {
                title = "上报已合并处理";
                text = reportRef + "与已受理的同一隐患合并处理，处理进展将一并告知。";
                link = link(links.report(), p);
                v.put("status", "已合并");
            }
            case "REPORT_CANCELLED" -> {
                title = "工单已撤销";
                String why = join(p.text("reasonLabel"), p.text("reason"));
                v.put("reason", why);
                text = reportRef + "对应的工单已撤销" + (why == null ? "。" : "，原因：" + why + "。");
                link = link(links.report(), p);
                v.put("status", "已撤销");
            }
            case "REPORT_CLOSED" -> {
                title = "隐患已整改";
                text = reportRef + "已整改完毕并通过复查，可查看整改后照片并评价。";
                link = link(links.afterPhotos(), p);
                v.put("status", "已办结");
            }
            case "REWARD_ACCRUED" -> {
                String yuan = yuan(p.number("amountFen"));
                title = "奖励已记入";
                text = "您上报的隐患经核实属实，奖励 " + yuan + " 元已记入，结算后发放。";
                link = link(links.rewards(), p);
                v.put("amount", yuan + "元");
                v.put("status", "待发放");
            }
            case "REWARD_PAID" -> {
                String yuan = yuan(p.number("amountFen"));
                String how = CHANNELS.get(p.text("channel"));
                title = "奖励已发放";
                text = "您的奖励 " + yuan + " 元已发放" + (how == null ? "" : "（" + how + "）") + "。";
                link = link(links.rewards(), p);
                v.put("amount", yuan + "元");
                v.put("status", "已发放");
            }
            case "REWARD_FAILED" -> {
                String yuan = yuan(p.number("amountFen"));
                String hint = p.text("actionHint");
                if (hint != null
                        && hint.indexOf('。') > 0
                        && hint.substring(0, hint.indexOf('。')).contains("发放失败")) {
                    // the advice repeats the failure and its reason, which the text says already
                    hint = hint.substring(hint.indexOf('。') + 1).strip();
                    hint = hint.isEmpty() ? null : hint;
                }
                title = "奖励发放失败";
                text = "您的奖励 " + yuan + " 元发放失败"
                        + (p.text("reason") == null ? "" : "（" + p.text("reason") + "）") + "。"
                        + (hint == null ? "请联系财政所。" : hint);
                link = link(links.rewards(), p);
                v.put("amount", yuan + "元");
                v.put("status", "发放失败");
                v.put("reason", p.text("reason"));
                v.put("hint", hint == null ? "请联系财政所" : hint);
            }
            case "TICKET_DISPATCHED" -> {
                title = "新工单待签收";
                text = ticketRef + "已派至本单位，请于" + p.when("signDueAt") + "前签收，" + p.when("rectifyDueAt") + "前完成整改。";
                link = link(links.ticket(), p);
            }
            case "TICKET_TO_VERIFY" -> {
                title = "新工单待核实";
                text = ticketRef + "待现场核实，请于" + p.when("verifyDueAt") + "前完成核实。";
                link = link(links.ticket(), p);
            }
            case "TICKET_RECTIFIED" -> {
                title = "工单待复查";
                text = ticketRef + "已提交整改，请于" + p.when("recheckDueAt") + "前现场复查。";
                link = link(links.ticket(), p);
            }
            case "TICKET_RETURNED" -> {
                title = "工单待重新派单";
                String why = "UNIT_UNAVAILABLE".equals(p.text("reason")) ? "原责任单位已停用或不再负责本辖区" : p.text("reason");
                text = ticketRef + "被退回" + (why == null ? "" : "（" + why + "）") + "，请重新派单。";
                link = link(links.ticket(), p);
                v.put("reason", why);
            }
            case "EXTENSION_REQUESTED" -> {
                title = "延期申请待审批";
                text = ticketRef + "申请将整改期限延至" + p.when("requestedDueAt") + "，请审批。";
                link = link(links.ticket(), p);
            }
            case "EXTENSION_APPROVED" -> {
                title = "延期申请已批准";
                text = ticketRef + "的整改期限已延至" + p.when("grantedDueAt") + "。";
                link = link(links.ticket(), p);
            }
            case "EXTENSION_REFUSED" -> {
                title = "延期申请未获批准";
                text = ticketRef + "的延期申请未获批准，请于" + p.when("previousDueAt") + "前完成整改。";
                link = link(links.ticket(), p);
            }
            case "RECHECK_FAILED" -> {
                title = "复查未通过，请重新整改";
                String why = p.text("reason");
                text = ticketRef + "复查未通过" + (why == null ? "" : "（" + why + "）") + "，请于" + p.when("rectifyDueAt")
                        + "前重新整改。";
                link = link(links.ticket(), p);
                v.put("reason", why);
            }
            case "TICKET_CANCELLED" -> {
                title = "工单已撤销";
                String why = p.text("reason");
                text = ticketRef + "已撤销" + (why == null ? "。" : "：" + why + "。");
                link = link(links.ticket(), p);
                v.put("reason", why);
            }
            case "TICKET_CLOSED" -> {
                title = "工单已办结";
                text = ticketRef + "已复查通过并办结。";
                link = link(links.ticket(), p);
            }
            case "TICKET_SUPERVISED" -> {
                title = "重大隐患挂牌督办";
                text = ticketRef + "为重大事故隐患，已挂牌督办。";
                link = link(links.ticket(), p);
            }
            case "TICKET_DISSATISFIED" -> {
                title = "群众评价不满意，请回访";
                text = ticketRef + "收到不满意评价，请回访。";
                link = link(links.ticket(), p);
            }
            case "DEADLINE_REMINDER", "TICKET_OVERDUE", "ESCALATED_TO_DISPATCHER", "ESCALATED_TO_LEADERS" -> {
                String what = DEADLINES.getOrDefault(p.text("deadline"), "办理");
                String subject = ticket != null ? ticketRef : "线索 " + (report == null ? "" : report + " ");
                String due = p.when("deadlineAt");
                switch (type) {
                    case "DEADLINE_REMINDER" -> {
                        title = what + "期限将至";
                        text = subject + "的" + what + "期限" + due + "即将到期，请及时办理。";
                    }
                    case "TICKET_OVERDUE" -> {
                        title = what + "已逾期";
                        text = subject + "的" + what + "已逾期（期限" + due + "），请尽快办理。";
                    }
                    case "ESCALATED_TO_DISPATCHER" -> {
                        title = "逾期升级：" + what;
                        text = subject + "的" + what + "已逾期（期限" + due + "），已升级至指挥中心督办。";
                    }
                    default -> {
                        title = "逾期升级至领导：" + what;
                        text = subject + "的" + what + "已逾期（期限" + due + "），已升级至分管领导。";
                    }
                }
                link = ticket != null ? link(links.ticket(), p) : link(links.review(), p);
                v.put("status", title);
            }
            default -> {
                title = "通知";
                text = "您有一条新通知（" + type + "）。";
                link = null;
            }
        }
        v.put("title", title);
        v.put("text", text);
        v.values().removeIf(s -> s == null);
        return new Rendered(title, text, link, Map.copyOf(v));
    }

    /** The link template with the payload's ids filled in; null when an id it needs is missing. */
    static String link(String template, P p) {
        if (template == null || template.isBlank()) {
            return null;
        }
        String out = template;
        for (String key : new String[] {"reportId", "ticketId", "rewardId"}) {
            String token = "{" + key + "}";
            if (out.contains(token)) {
                String value = p.text(key);
                if (value == null) {
                    return null;
                }
                out = out.replace(token, value);
            }
        }
        return out;
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    private static String join(String label, String note) {
        if (label == null) {
            return note;
        }
        return note == null || note.equals(label) ? label : label + "：" + note;
    }

    /** Reading a payload leniently: a missing field is null, never an error. */
    record P(JsonNode node) {

        String text(String field) {
            JsonNode n = node == null ? null : node.get(field);
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            String s = n.isTextual() ? n.textValue() : n.toString();
            return s.isBlank() ? null : s.strip();
        }

        long number(String field) {
            JsonNode n = node == null ? null : node.get(field);
            return n == null || !n.canConvertToLong() ? 0 : n.asLong();
        }

        /** A time field as 5月6日 18:00 (Shanghai); "（期限未定）" when missing. */
        String when(String field) {
            String s = text(field);
            if (s == null) {
                return "（期限未定）";
            }
            try {
                return WHEN.format(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    return WHEN.format(Instant.parse(s));
                } catch (DateTimeParseException e2) {
                    return s;
                }
            }
        }
    }
}
