package cn.suishoupai.reward;

/**
 * Accrual months as clients write them, {@code yyyy-MM}: the one format every reward filter accepts,
 * checked with {@code @Matches(regexp = Months.REGEX, message = "field.month.format")} where a month
 * arrives (a 422 on the field).
 */
final class Months {

    static final String REGEX = "^[0-9]{4}-(0[1-9]|1[0-2])$";

    private Months() {}
}
