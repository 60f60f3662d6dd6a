package cn.suishoupai.report;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Texts;
import cn.suishoupai.common.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The form fields of a report, checked. Multipart fields arrive as text, so parsing is ours: a
 * field that is missing or not a number makes the request malformed (400); a value that parses but
 * cannot be right (latitude 95, a 2,000-character description) is 422. Every problem is listed.
 */
public record ReportInput(
        double lat,
        double lng,
        Crs crs,
        Double accuracy,
        String address,
        String description,
        String category,
        boolean anonymous) {

    public static final int DESCRIPTION_MAX = 1000;
    public static final int ADDRESS_MAX = 300;

    /** The raw multipart fields. */
    public record Form(
            String lat,
            String lng,
            String crs,
            String accuracy,
            String address,
            String description,
            String category,
            String anonymous) {

        /** Anything but a clear "no" may be an anonymous submission: its idempotency record must not link the account. */
        public boolean mayBeAnonymous() {
            if (blank(anonymous)) {
                return false;
            }
            String a = anonymous.trim().toLowerCase(Locale.ROOT);
            return !(a.equals("false") || a.equals("0"));
        }
    }

    public static ReportInput parse(Form f, int photoCount, int maxPhotos) {
        List<Problem.FieldError> malformed = new ArrayList<>();
        List<Problem.FieldError> invalid = new ArrayList<>();
        Double lat = number("lat", f.lat(), 3, true, malformed);
        Double lng = number("lng", f.lng(), 3, true, malformed);
        Double accuracy = number("accuracy", f.accuracy(), 6, false, malformed);
        if (lat != null && !(lat >= -90 && lat <= 90)) invalid.add(new Problem.FieldError("lat", "field.lat.range"));
        if (lng != null && !(lng >= -180 && lng <= 180)) invalid.add(new Problem.FieldError("lng", "field.lng.range"));
        if (accuracy != null && !(accuracy >= 0 && accuracy <= 100_000)) {
            invalid.add(new Problem.FieldError("accuracy", "field.accuracy.range"));
        }
        Crs crs = Crs.WGS84;
        if (blank(f.crs())) {
            malformed.add(new Problem.FieldError("crs", "field.required"));
        } else {
            try {
                crs = Crs.valueOf(f.crs().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                invalid.add(new Problem.FieldError("crs", "field.crs.unknown"));
            }
        }
        String description = trimToNull(f.description());
        Optional.ofNullable(Texts.problem("description", f.description(), DESCRIPTION_MAX, "field.description.length"))
                .ifPresent(invalid::add);
        String address = trimToNull(f.address());
        Optional.ofNullable(Texts.problem("address", f.address(), ADDRESS_MAX, "field.address.length"))
                .ifPresent(invalid::add);
        String category = trimToNull(f.category());
        if (category != null && category.length() > 64) {
            invalid.add(new Problem.FieldError("category", "field.category.length"));
        }
        boolean anonymous = false;
        if (!blank(f.anonymous())) {
            String a = f.anonymous().trim().toLowerCase(Locale.ROOT);
            if (a.equals("true") || a.equals("1")) {
                anonymous = true;
            } else if (!(a.equals("false") || a.equals("0"))) {
                malformed.add(new Problem.FieldError("anonymous", "field.boolean"));
            }
        }
        if (photoCount < 1 || photoCount > maxPhotos) {
            invalid.add(new Problem.FieldError("photos", "field.photos.count"));
        }
        if (!malformed.isEmpty() || !invalid.isEmpty()) {
            List<Problem.FieldError> all = new ArrayList<>(malformed);
            all.addAll(invalid);
            throw new ApiException(malformed.isEmpty() ? 422 : 400, "validation-failed", all, all.size());
        }
        return new ReportInput(lat, lng, crs, accuracy, address, description, category, anonymous);
    }

    /** Plain decimals only (Values.decimal): not 28.36d, 0x1.c5cp4, 2.8e1, NaN, Infinity or full-width digits. */
    private static Double number(
            String field, String raw, int intDigits, boolean required, List<Problem.FieldError> errors) {
        if (blank(raw)) {
            if (required) errors.add(new Problem.FieldError(field, "field.required"));
            return null;
        }
        Double d = Values.decimal(raw, intDigits);
        if (d == null) {
            errors.add(new Problem.FieldError(field, "field.not-a-number"));
        }
        return d;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
