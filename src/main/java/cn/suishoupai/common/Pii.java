package cn.suishoupai.common;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers residents type into free text (descriptions, notes) before staff see it
 * (DOMAIN §9): mainland mobile numbers (11 digits, 1[3-9]…, with or without spaces or dashes),
 * landlines with an area code, and ID-card numbers (18 characters, the last may be X, and the old
 * 15 digits). Applied at the boundary of every staff view; the stored text stays as typed, for the
 * reporter's own view and the audited reporter read. A number inside a longer run of digits
 * (an order number, an amount) is not a phone number and stays.
 */
public final class Pii {

    private static final String SEP = "[\\s-]?";
    /** 18-character ID card, optionally grouped by spaces or dashes. */
    private static final Pattern ID18 =
            Pattern.compile("(?<![0-9A-Za-z])\\d(?:" + SEP + "\\d){16}" + SEP + "[0-9Xx](?![0-9A-Za-z])");
    /** 15-digit ID card (issued before 1999), written without separators. */
    private static final Pattern ID15 = Pattern.compile("(?<![0-9A-Za-z])\\d{15}(?![0-9A-Za-z])");
    /** Mobile: 1[3-9] and nine more digits; separators anywhere after the first three. */
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d(?:" + SEP + "\\d){8}(?!\\d)");
    /** Landline with area code: 0xx or 0xxx, then 7 or 8 digits; "(0731) 8456 7890", "010-12345678". */
    private static final Pattern LANDLINE =
            Pattern.compile("(?<!\\d)(\\(0\\d{2,3}\\)\\s?|0\\d{2,3}[\\s-]?)(\\d(?:\\s?\\d){6,7})(?!\\d)");

    private Pii() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = replace(ID18, text, m -> keep(digits(m.group()), 6, 4));
        s = replace(ID15, s, m -> keep(m.group(), 6, 4));
        s = replace(MOBILE, s, m -> keep(digits(m.group()), 3, 4));
        s = replace(LANDLINE, s, m -> {
            String local = digits(m.group(2));
            return m.group(1) + "****" + local.substring(local.length() - 4);
        });
        return s;
    }

    private static String replace(Pattern p, String text, Function<Matcher, String> masked) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        boolean any = false;
        while (m.find()) {
            any = true;
            m.appendReplacement(sb, Matcher.quoteReplacement(masked.apply(m)));
        }
        if (!any) {
            return text;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String digits(String s) {
        return s.replaceAll("[^0-9Xx]", "");
    }

    private static String keep(String s, int head, int tail) {
        return s.substring(0, head) + "*".repeat(s.length() - head - tail) + s.substring(s.length() - tail);
    }
}
