package cn.suishoupai.report;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a report's {@code photoIds} (photo-first uploads), before any upload is looked at: 1 to max ids, none
 * null, none twice. Pure; the answer is the message key of the 422 invalid-field {@code photoIds}, or null.
 * Whose the uploads are, and whether they are used or expired, is {@code media.Uploads#reserve}'s question.
 */
final class PhotoIds {

    private PhotoIds() {}

    static String problem(List<Long> ids, int max) {
        if (ids == null || ids.isEmpty()) {
            return "field.photo-ids.count";
        }
        if (ids.size() > max) {
            return "field.photo-ids.count";
        }
        Set<Long> seen = new HashSet<>();
        for (Long id : ids) {
            if (id == null || id <= 0) {
                return "field.photo-ids.invalid";
            }
            if (!seen.add(id)) {
                return "field.photo-ids.duplicate";
            }
        }
        return null;
    }
}
