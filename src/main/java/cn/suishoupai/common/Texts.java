package cn.suishoupai.common;

/**
 * Free-text fields people type (notes, reasons, comments): blank is none, surrounding space goes,
 * and an over-long one is a 422 naming the field rather than a failed insert.
 */
public final class Texts {

    /** What the note, reason and comment columns hold. */
    public static final int NOTE_MAX = 500;

    private Texts() {
    }

    public static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static String optional(String field, String s) {
        String v = trimmed(s);
        if (v != null && v.length() > NOTE_MAX) {
            throw ApiException.invalidField(field, "field.note.length");
        }
        return v;
    }

    public static String required(String field, String s) {
        String v = optional(field, s);
        if (v == null) {
            throw ApiException.invalidField(field, "field.required");
        }
        return v;
    }
}
