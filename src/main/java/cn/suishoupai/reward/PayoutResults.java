package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Codes;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The rules a delivery of payout results (by API or the provider's file) must meet against the
 * batch's lines, before anything is recorded. Pure: no database, so every rule is table-tested.
 */
public final class PayoutResults {

    /** One line's result as the provider reports it: PAID with its reference, or FAILED with the reason. */
    @Schema(name = "PayoutResultLine")
    public record ResultLine(Long rewardId, PayoutLine.Status status, String externalRef, String reason) {}

    static final int REASON_MAX = Texts.NOTE_MAX;
    static final int RESULT_LINES_MAX = 10_000;

    private PayoutResults() {}

    /** At least one line and at most {@link #RESULT_LINES_MAX}: checked before the batch is looked at. */
    static List<ResultLine> requireCount(List<ResultLine> lines) {
        List<ResultLine> in = lines == null ? List.of() : lines;
        if (in.isEmpty() || in.size() > RESULT_LINES_MAX) {
            throw ApiException.invalidField("lines", "field.results.count", RESULT_LINES_MAX);
        }
        return in;
    }

    /** All or nothing: any invalid line is a 422 naming every error ({@code lines[i].field}). */
    static void validate(List<ResultLine> lines, Collection<Long> rewardsInBatch) {
        List<Problem.FieldError> errors = errors(lines, rewardsInBatch);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
    }

    /** The errors of the delivery, in line order; none when it may be recorded. */
    static List<Problem.FieldError> errors(List<ResultLine> lines, Collection<Long> rewardsInBatch) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            ResultLine l = lines.get(i);
            String f = "lines[" + i + "].";
            if (l == null || l.rewardId() == null) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.required"));
                continue;
            }
            if (!rewardsInBatch.contains(l.rewardId())) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.result.not-in-batch"));
            } else if (!seen.add(l.rewardId())) {
                errors.add(new Problem.FieldError(f + "rewardId", "field.result.duplicate"));
            }
            if (l.status() != PayoutLine.Status.PAID && l.status() != PayoutLine.Status.FAILED) {
                errors.add(new Problem.FieldError(f + "status", "field.result.status"));
            } else if (l.status() == PayoutLine.Status.PAID && blank(l.externalRef())) {
                errors.add(new Problem.FieldError(f + "externalRef", "field.required"));
            } else if (l.status() == PayoutLine.Status.FAILED && blank(l.reason())) {
                errors.add(new Problem.FieldError(f + "reason", "field.required"));
            }
            if (!blank(l.externalRef()) && !Codes.isRef(l.externalRef().strip())) {
                // it goes into the finance spreadsheets: a strict pattern, never a formula
                errors.add(new Problem.FieldError(f + "externalRef", "field.ref.format"));
            }
            Problem.FieldError reasonError = Texts.problem(f + "reason", l.reason(), REASON_MAX, "field.note.length");
            if (reasonError != null) {
                errors.add(reasonError);
            }
        }
        return errors;
    }

    /** The reference or reason as recorded: stripped, blank is none. */
    static String value(String s) {
        return blank(s) ? null : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
