package cn.suishoupai.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Problem;
import cn.suishoupai.reward.PayoutLine.Status;
import cn.suishoupai.reward.PayoutResults.ResultLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of a results delivery against the batch's lines, one row per rule; no database. */
class PayoutResultsTest {

    /** The batch's lines pay rewards 11 and 12. */
    private static final Set<Long> BATCH = Set.of(11L, 12L);

    private static ResultLine paid(Long rewardId, String ref) {
        return new ResultLine(rewardId, Status.PAID, ref, null);
    }

    private static ResultLine failed(Long rewardId, String reason) {
        return new ResultLine(rewardId, Status.FAILED, null, reason);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("paid and failed lines", List.of(paid(11L, "TX-1"), failed(12L, "空号")), List.of()),
                arguments("a line for part of the batch", List.of(paid(12L, " TX_2 ")), List.of()),
                arguments("reason spanning lines", List.of(failed(11L, "空号\n已停机")), List.of()),
                arguments(
                        "no line",
                        Collections.singletonList((ResultLine) null),
                        List.of("lines[0].rewardId field.required")),
                arguments("no reward id", List.of(paid(null, "TX-1")), List.of("lines[0].rewardId field.required")),
                arguments(
                        "unknown line",
                        List.of(paid(99L, "TX-1")),
                        List.of("lines[0].rewardId field.result.not-in-batch")),
                arguments(
                        "duplicate line",
                        List.of(paid(11L, "TX-1"), paid(11L, "TX-1")),
                        List.of("lines[1].rewardId field.result.duplicate")),
                arguments(
                        "no status",
                        List.of(new ResultLine(11L, null, "TX-1", null)),
                        List.of("lines[0].status field.result.status")),
                arguments(
                        "status PENDING",
                        List.of(new ResultLine(11L, Status.PENDING, "TX-1", null)),
                        List.of("lines[0].status field.result.status")),
                arguments(
                        "status REVERSED",
                        List.of(new ResultLine(11L, Status.REVERSED, "TX-1", null)),
                        List.of("lines[0].status field.result.status")),
                arguments(
                        "paid without reference",
                        List.of(paid(11L, " ")),
                        List.of("lines[0].externalRef field.required")),
                arguments(
                        "failed without reason", List.of(failed(11L, null)), List.of("lines[0].reason field.required")),
                arguments(
                        "bad reference: a formula",
                        List.of(paid(11L, "=1+1")),
                        List.of("lines[0].externalRef field.ref.format")),
                arguments(
                        "bad reference: too long",
                        List.of(paid(11L, "T" + "x".repeat(128))),
                        List.of("lines[0].externalRef field.ref.format")),
                arguments(
                        "bad reference on a failed line",
                        List.of(new ResultLine(11L, Status.FAILED, "a b", "空号")),
                        List.of("lines[0].externalRef field.ref.format")),
                arguments(
                        "reason too long",
                        List.of(failed(11L, "x".repeat(PayoutResults.REASON_MAX + 1))),
                        List.of("lines[0].reason field.note.length")),
                arguments(
                        "reason with a control character",
                        List.of(failed(11L, "空\u0007号")),
                        List.of("lines[0].reason field.text.control")),
                arguments(
                        "every error of a line, and of every line",
                        List.of(new ResultLine(99L, null, "=x", null), failed(12L, " ")),
                        List.of(
                                "lines[0].rewardId field.result.not-in-batch", "lines[0].status field.result.status",
                                "lines[0].externalRef field.ref.format", "lines[1].reason field.required")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String rule, List<ResultLine> lines, List<String> expected) {
        assertThat(PayoutResults.errors(lines, BATCH))
                .extracting(e -> e.field() + " " + e.message())
                .containsExactlyElementsOf(expected);
        if (expected.isEmpty()) {
            PayoutResults.validate(lines, BATCH);
        } else {
            assertThatThrownBy(() -> PayoutResults.validate(lines, BATCH))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("invalid-field");
                        assertThat(e.fieldErrors())
                                .extracting(Problem.FieldError::message)
                                .hasSize(expected.size());
                    });
        }
    }

    @Test
    void oneToTenThousandLines() {
        for (List<ResultLine> lines : Arrays.asList(
                null,
                List.<ResultLine>of(),
                Collections.nCopies(PayoutResults.RESULT_LINES_MAX + 1, paid(11L, "TX-1")))) {
            assertThatThrownBy(() -> PayoutResults.requireCount(lines))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.fieldErrors())
                                    .extracting(f -> f.field() + " " + f.message())
                                    .containsExactly("lines field.results.count"));
        }
        List<ResultLine> max = new ArrayList<>(Collections.nCopies(PayoutResults.RESULT_LINES_MAX, paid(11L, "TX-1")));
        assertThat(PayoutResults.requireCount(max)).hasSize(PayoutResults.RESULT_LINES_MAX);
    }

    @Test
    void recordedValuesAreStrippedAndBlankIsNone() {
        assertThat(PayoutResults.value("  TX-1 ")).isEqualTo("TX-1");
        assertThat(PayoutResults.value(" ")).isNull();
        assertThat(PayoutResults.value(null)).isNull();
    }

    /** The provider's file, before its lines meet the rules above: one row per rule of {@link PayoutFiles#results}. */
    static Stream<Arguments> fileRules() {
        return Stream.of(
                arguments("empty file", "", "file field.result-file.size"),
                arguments("header only", "reward_id,status\n", "file field.result-file.size"),
                arguments(
                        "empty header column",
                        "reward_id,,status\n11,x,PAID\n",
                        "file field.result-file.header-column"),
                arguments(
                        "repeated header column",
                        "reward_id,status,Status\n11,PAID,PAID\n",
                        "file field.result-file.header-column"),
                arguments("no reward_id column", "id,status\n11,PAID\n", "file field.result-file.header"),
                arguments("no status column", "reward_id,state\n11,PAID\n", "file field.result-file.header"),
                arguments("value without a column", "reward_id,status\n11,PAID,x\n", "file field.result-file.ragged"),
                arguments("reward id not a number", "reward_id,status\nabc,PAID\n", "file field.result-file.row"),
                arguments("unknown status word", "reward_id,status\n11,MAYBE\n", "file field.result-file.row"),
                arguments("no status", "reward_id,status\n11,\n", "file field.result-file.row"),
                arguments("unbalanced quote", "reward_id,status\n\"11,PAID\n", "file field.result-file.malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileRules")
    void fileRule(String rule, String file, String expected) {
        assertThatThrownBy(() -> PayoutFiles.results(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.fieldErrors())
                            .extracting(f -> f.field() + " " + f.message())
                            .containsExactly(expected);
                });
    }
}
