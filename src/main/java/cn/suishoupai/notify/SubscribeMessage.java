package cn.suishoupai.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a WeChat subscription message (订阅消息). A template's keywords are named by their kind and
 * number (thing1, time2, phrase3 …) and WeChat refuses a value that breaks its kind's limit (47003), so
 * each value is cut to fit: thing ≤ 20 characters, phrase ≤ 5 (Chinese only), name ≤ 10,
 * character_string / letter / number ≤ 32 of their own characters, amount digits with 元, time and date
 * as WeChat's formats. Which value goes into which keyword is configuration (template data mapping:
 * keyword → one of {@link NoticeTexts.Rendered#values()}' names). Pure.
 */
public final class SubscribeMessage {

    private SubscribeMessage() {}

    /** keyword → {"value": …} as subscribe/send wants it; a keyword whose value is missing gets "-". */
    public static Map<String, Map<String, String>> data(Map<String, String> mapping, Map<String, String> values) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        mapping.forEach((keyword, name) -> {
            String raw = values.get(name);
            out.put(keyword, Map.of("value", fit(keyword, raw == null ? "-" : raw)));
        });
        return out;
    }

    /** The value cut to its keyword's kind (the keyword without its number). */
    public static String fit(String keyword, String value) {
        String kind = keyword.replaceAll("\\d+$", "");
        String v = value.strip().replaceAll("\\s+", " ");
        return switch (kind) {
            case "thing" -> cut(v, 20);
            case "name" -> cut(v, 10);
            case "phrase" -> {
                String chinese = v.replaceAll("[^\\p{IsHan}]", "");
                yield chinese.isEmpty() ? "通知" : chinese.substring(0, Math.min(5, chinese.length()));
            }
            case "character_string" -> cut(v.replaceAll("[^0-9A-Za-z_\\-.#:/]", ""), 32, "-");
            case "letter" -> cut(v.replaceAll("[^A-Za-z]", ""), 32, "-");
            case "number" -> cut(v.replaceAll("[^0-9.]", ""), 32, "0");
            case "amount" -> {
                String digits = v.replaceAll("[^0-9.]", "");
                yield (digits.isEmpty() ? "0" : cut(digits, 10)) + "元";
            }
            case "time", "date" -> time(v);
            default -> cut(v, 20);
        };
    }

    private static String cut(String v, int max) {
        return cut(v, max, "-");
    }

    private static String cut(String v, int max, String ifEmpty) {
        if (v.isEmpty()) {
            return ifEmpty;
        }
        if (v.codePointCount(0, v.length()) <= max) {
            return v;
        }
        // one character less and an ellipsis: the reader sees it was cut
        return v.substring(0, v.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Times come rendered as WeChat takes them ("2026年5月6日 18:00"); anything longer is cut. */
    private static String time(String v) {
        return cut(v, 20);
    }
}
