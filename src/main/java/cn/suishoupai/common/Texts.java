package cn.suishoupai.common;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one helper for text from clients. Free-text fields people type (notes, reasons, comments):
 * blank is none, surrounding space goes, and an over-long one is a 422 naming the field rather
 * than a failed insert. Every string from a client (JSON, form fields, file names, query, path and
 * header parameters) is also checked for characters no person types: {@link #forbiddenAt}.
 */
public final class Texts {

    /** What the note, reason and comment columns hold. */
    public static final int NOTE_MAX = 500;

    /**
     * Fields whose value may span lines (TAB, CR and LF allowed): free text people type. Every other
     * string — names, codes, ids, query and path parameters, headers, file names — is one line.
     */
    public static final Set<String> MULTI_LINE_FIELDS = Set.of(
            "note", "notes", "reason", "comment", "description", "remark", "message", "detail", "details", "text");

    private Texts() {}

    public static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static String optional(String field, String s) {
        return optional(field, s, NOTE_MAX);
    }

    /** Free text of at most {@code max} characters: control characters refused, blank is none. */
    public static String optional(String field, String s, int max) {
        return optional(field, s, max, max == NOTE_MAX ? "field.note.length" : "field.text.length");
    }

    /** As {@link #optional(String, String, int)}, with the field's own message for "too long" (argument 0: max). */
    public static String optional(String field, String s, int max, String lengthKey) {
        refuseControls(field, s, true);
        String v = trimmed(s);
        if (tooLong(v, max)) {
            throw ApiException.invalidField(field, lengthKey, max);
        }
        return v;
    }

    /**
     * For validators that collect every error before answering: the error for this free-text value,
     * or null when it is acceptable.
     */
    public static Problem.FieldError problem(String field, String s, int max, String lengthKey) {
        if (forbiddenAt(s, true) >= 0) {
            return new Problem.FieldError(field, "field.text.control");
        }
        return tooLong(trimmed(s), max) ? new Problem.FieldError(field, lengthKey) : null;
    }

    /** Length as PostgreSQL's varchar counts it: in characters (code points), not UTF-16 units. */
    public static boolean tooLong(String v, int max) {
        return v != null && v.codePointCount(0, v.length()) > max;
    }

    public static String required(String field, String s) {
        return required(field, s, NOTE_MAX);
    }

    public static String required(String field, String s, int max) {
        String v = optional(field, s, max);
        if (v == null) {
            throw ApiException.invalidField(field, "field.required");
        }
        return v;
    }

    /** Whether a field of this name (the last segment of a path like {@code lines[2].reason}) may span lines. */
    public static boolean multiLine(String field) {
        if (field == null) {
            return false;
        }
        String last = field.substring(field.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            last = last.substring(0, bracket);
        }
        return MULTI_LINE_FIELDS.contains(last.toLowerCase(Locale.ROOT));
    }

    /**
     * Index of the first character no client may send, or -1: C0 controls (TAB, CR and LF allowed
     * only in multi-line text), DEL, C1 controls, lone surrogates, the non-characters U+FFFE/U+FFFF
     * and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text
     * display other than it reads.
     */
    public static int forbiddenAt(String s, boolean multiLine) {
        if (s == null) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                if (multiLine && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return i;
            }
            if (c < 0x7F) {
                continue;
            }
            if (c <= 0x9F
                    || c == '\uFFFE'
                    || c == '\uFFFF'
                    || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A 422 {@code invalid-text} naming the field when the value holds a forbidden character. */
    public static void refuseControls(String field, String s, boolean multiLine) {
        int at = forbiddenAt(s, multiLine);
        if (at >= 0) {
            throw invalidText(field, s.codePointAt(at));
        }
    }

    /** Checks a value under the rule its field name implies ({@link #multiLine}). */
    public static void refuseControls(String field, String s) {
        refuseControls(field, s, multiLine(field));
    }

    public static ApiException invalidText(String field, int codePoint) {
        return new ApiException(
                        422,
                        "invalid-text",
                        List.of(new Problem.FieldError(field, "field.text.control")),
                        String.format("U+%04X", codePoint))
                .with("field", field);
    }
}
