package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import java.util.regex.Pattern;

/** Accrual months as clients write them, {@code yyyy-MM}: the one format every reward filter accepts. */
final class Months {

    static final String REGEX = "^[0-9]{4}-(0[1-9]|1[0-2])$";

    static final Pattern FORMAT = Pattern.compile(REGEX);

    private Months() {}

    /** The month as given (null: none); a malformed one is a 422 on the field. */
    static String checked(String field, String month) {
        if (month != null && !FORMAT.matcher(month).matches()) {
            throw ApiException.invalidField(field, "field.month.format");
        }
        return month;
    }
}
