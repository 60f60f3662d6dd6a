package cn.suishoupai.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * The amount a rule gives and the cuts the caps make (DOMAIN §7). Pure and integer-only: fen, and
 * basis points for percentages (1500 bps = 15 %).
 */
public final class RewardCalculator {

    public static final String MONTHLY_CAP = "MONTHLY_CAP";
    public static final String REGION_BUDGET = "REGION_BUDGET";
    public static final String NO_RULE = "NO_RULE";

    private RewardCalculator() {}

    /** What a FIXED rule gives. */
    public static long fixed(long fixedFen) {
        if (fixedFen < 0) {
            throw new IllegalArgumentException("negative amount");
        }
        return fixedFen;
    }

    /** bps of the fine, rounded half up to the fen, then held within [min, max]. */
    public static long percentOfFine(long fineFen, int bps, long minFen, long maxFen) {
        if (fineFen < 0 || bps < 0 || minFen < 0 || maxFen < minFen) {
            throw new IllegalArgumentException("bad percentage rule or fine");
        }
        long share = (Math.multiplyExact(fineFen, (long) bps) + 5_000) / 10_000;
        return Math.max(minFen, Math.min(maxFen, share));
    }

    /** The amount after the cuts, and the reasons of the cuts that bit (empty when none did). */
    public record Cut(long amountFen, List<String> reasons) {

        public String reason() {
            return reasons.isEmpty() ? null : String.join(",", reasons);
        }
    }

    /**
     * Cuts base to what is left under the payee's monthly cap and the township's yearly budget.
     * monthlyCapFen 0 and budgetFen null mean no limit; payeeMonthFen is ignored while the payee is
     * unknown (an unclaimed anonymous report), which the caller says with payeeKnown.
     */
    public static Cut cut(
            long baseFen,
            boolean payeeKnown,
            long payeeMonthFen,
            long monthlyCapFen,
            Long budgetFen,
            long budgetUsedFen) {
        if (baseFen < 0) {
            throw new IllegalArgumentException("negative amount");
        }
        long amount = baseFen;
        List<String> reasons = new ArrayList<>(2);
        if (payeeKnown && monthlyCapFen > 0) {
            long room = Math.max(0, monthlyCapFen - payeeMonthFen);
            if (room < baseFen) {
                reasons.add(MONTHLY_CAP);
                amount = Math.min(amount, room);
            }
        }
        if (budgetFen != null) {
            long room = Math.max(0, budgetFen - budgetUsedFen);
            if (room < baseFen) {
                reasons.add(REGION_BUDGET);
                amount = Math.min(amount, room);
            }
        }
        return new Cut(amount, List.copyOf(reasons));
    }

    /** Fen as yuan with two decimals ("25.00"), never through floating point. */
    public static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
