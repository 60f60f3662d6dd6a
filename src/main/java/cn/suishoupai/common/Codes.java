package cn.suishoupai.common;

import java.util.regex.Pattern;

/**
 * Codes and references that end up in spreadsheets (payout exports and result files, region,
 * unit and category codes): a strict pattern, so that no value can start with {@code = + - @},
 * TAB or CR and be read by a spreadsheet as a formula (CSV injection). The one validator: Bean
 * Validation uses {@link #CODE} / {@link #REF} in {@code @Pattern}, services call {@link #ref} or
 * {@link #code}.
 */
public final class Codes {

    /** Region, unit, category and grid codes: letters, digits, {@code _ . -}; not starting with {@code . -}. */
    public static final String CODE = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$";
    /** External references (a payment provider's transaction id): letters, digits, {@code _ -}; starts with a letter or digit. */
    public static final String REF = "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$";

    private static final Pattern CODE_P = Pattern.compile(CODE);
    private static final Pattern REF_P = Pattern.compile(REF);

    private Codes() {}

    public static boolean isCode(String s) {
        return s != null && CODE_P.matcher(s).matches();
    }

    public static boolean isRef(String s) {
        return s != null && REF_P.matcher(s).matches();
    }

    /** Whether a spreadsheet would read a cell starting like this as a formula. */
    public static boolean formulaLike(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** A reference or null (blank); a 422 naming the field when it does not match {@link #REF}. */
    public static String ref(String field, String s) {
        String v = Texts.trimmed(s);
        if (v != null && !isRef(v)) {
            throw ApiException.invalidField(field, "field.ref.format");
        }
        return v;
    }

    /** A code or null (blank); a 422 naming the field when it does not match {@link #CODE}. */
    public static String code(String field, String s) {
        String v = Texts.trimmed(s);
        if (v != null && !isCode(v)) {
            throw ApiException.invalidField(field, "field.code.format");
        }
        return v;
    }
}
