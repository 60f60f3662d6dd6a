package cn.suishoupai.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.suishoupai.common.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure reward rules, table-driven: amounts, cuts, eligibility, states, files. */
class RewardRulesTest {

    @ParameterizedTest(name = "{0} fen at {1} bps, min {2}, max {3} -> {4}")
    @CsvSource({
        // the national major-hazard scheme: 15 %, at least ¥3,000, at most ¥300,000
        "1000000, 1500, 300000, 30000000, 300000", // ¥10,000 fine: 15 % is ¥1,500, raised to the minimum
        "5000000, 1500, 300000, 30000000, 750000", // ¥50,000 fine: ¥7,500
        "900000000, 1500, 300000, 30000000, 30000000", // ¥9,000,000 fine: capped at ¥300,000
        "1, 1500, 0, 100, 0", // 0.15 fen rounds down
        "3, 1500, 0, 100, 0", // 0.45 fen rounds down
        "4, 1250, 0, 100, 1", // 0.5 fen rounds half up
        "12345, 10000, 0, 100000, 12345", // 100 %
    })
    void percentOfFine(long fine, int bps, long min, long max, long expected) {
        assertThat(RewardCalculator.percentOfFine(fine, bps, min, max)).isEqualTo(expected);
    }

    @Test
    void percentOfAHugeFineDoesNotOverflowSilently() {
        assertThatThrownBy(() -> RewardCalculator.percentOfFine(Long.MAX_VALUE / 2, 10_000, 0, 1))
                .isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest(name = "base {0}, payee known {1}, month used {2}/{3}, budget {4} used {5} -> {6} {7}")
    @CsvSource(
            nullValues = "null",
            value = {
                "2500, true, 0, 20000, null, 0, 2500, null",
                "2500, true, 18000, 20000, null, 0, 2000, MONTHLY_CAP",
                "2500, true, 20000, 20000, null, 0, 0, MONTHLY_CAP",
                "2500, true, 25000, 20000, null, 0, 0, MONTHLY_CAP", // already over: zero, never negative
                "2500, true, 0, 0, null, 0, 2500, null", // cap 0: no cap
                "2500, false, 99999, 20000, null, 0, 2500, null", // unknown payee: the cap waits for the claim
                "2500, true, 0, 20000, 100000, 99000, 1000, REGION_BUDGET",
                "2500, true, 0, 20000, 100000, 100000, 0, REGION_BUDGET",
                "2500, true, 19000, 20000, 100000, 99500, 500, 'MONTHLY_CAP,REGION_BUDGET'",
                "2500, true, 19500, 20000, 100000, 99000, 500, 'MONTHLY_CAP,REGION_BUDGET'", // both bite: both recorded
                "0, true, 20000, 20000, 0, 0, 0, null", // nothing to cut
            })
    void cuts(
            long base,
            boolean payeeKnown,
            long used,
            long cap,
            Long budget,
            long budgetUsed,
            long amount,
            String reason) {
        RewardCalculator.Cut cut = RewardCalculator.cut(base, payeeKnown, used, cap, budget, budgetUsed);
        assertThat(cut.amountFen()).isEqualTo(amount);
        assertThat(cut.reason()).isEqualTo(reason);
    }

    private static Eligibility.Candidate resident(long id, long account) {
        return new Eligibility.Candidate(id, account, false, "resident", false, null, false, false);
    }

    @Test
    void eligibility() {
        Eligibility.Candidate gridWorker =
                new Eligibility.Candidate(1, 100L, true, "grid_worker", false, null, false, false);
        Eligibility.Candidate staffAsResident =
                new Eligibility.Candidate(2, 101L, true, "resident", false, null, false, false);
        Eligibility.Candidate fraud = new Eligibility.Candidate(3, 102L, false, "resident", false, null, false, true);
        Eligibility.Candidate anonymous =
                new Eligibility.Candidate(4, null, false, "resident", true, null, false, false);
        Eligibility.Candidate claimed = new Eligibility.Candidate(5, null, false, "resident", true, 103L, false, false);
        Eligibility.Candidate claimedByStaff =
                new Eligibility.Candidate(6, null, false, "resident", true, 104L, true, false);
        Eligibility.Candidate anonymousGridWorker =
                new Eligibility.Candidate(7, null, false, "grid_worker", true, null, false, false);

        assertThat(Eligibility.first(List.of())).isNull();
        assertThat(Eligibility.first(List.of(resident(9, 200), resident(10, 201))))
                .isEqualTo(new Eligibility.Winner(9, 200L));
        assertThat(Eligibility.first(List.of(gridWorker, resident(10, 201))))
                .isEqualTo(new Eligibility.Winner(10, 201L));
        assertThat(Eligibility.first(List.of(staffAsResident, fraud, resident(10, 201))))
                .isEqualTo(new Eligibility.Winner(10, 201L));
        assertThat(Eligibility.first(List.of(gridWorker, anonymous, resident(10, 201))))
                .isEqualTo(new Eligibility.Winner(4, null));
        assertThat(Eligibility.first(List.of(claimed, resident(10, 201)))).isEqualTo(new Eligibility.Winner(5, 103L));
        assertThat(Eligibility.first(List.of(claimedByStaff, anonymousGridWorker, resident(10, 201))))
                .isEqualTo(new Eligibility.Winner(10, 201L));
        assertThat(Eligibility.first(List.of(gridWorker, staffAsResident, fraud)))
                .isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "ACCRUED, APPROVED, true", "ACCRUED, CANCELLED, true", "ACCRUED, IN_BATCH, false", "ACCRUED, PAID, false",
        "APPROVED, IN_BATCH, true", "APPROVED, CANCELLED, true", "APPROVED, PAID, false", "APPROVED, ACCRUED, false",
        "IN_BATCH, PAID, true", "IN_BATCH, FAILED, true", "IN_BATCH, APPROVED, true", "IN_BATCH, CANCELLED, false",
        "FAILED, IN_BATCH, true", "FAILED, CANCELLED, true", "FAILED, PAID, false", "FAILED, APPROVED, false",
        "PAID, CANCELLED, false", "PAID, FAILED, false", "PAID, IN_BATCH, false", "PAID, APPROVED, true",
        "CANCELLED, APPROVED, false", "CANCELLED, IN_BATCH, false",
    })
    void stateMachine(RewardState from, RewardState to, boolean allowed) {
        assertThat(from.canGo(to)).isEqualTo(allowed);
    }

    @Test
    void rewardEntityRefusesCancellationAfterPaymentAndInABatch() {
        Reward r = new Reward();
        r.id = 1L;
        r.payeeAccountId = 2L;
        r.amountFen = 2000;
        r.state = RewardState.IN_BATCH;
        assertThatThrownBy(() -> r.cancel(3L, "x", Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-in-batch"));
        r.state = RewardState.PAID;
        assertThatThrownBy(() -> r.cancel(3L, "x", Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-illegal-transition"));
        // PAID goes back to APPROVED only by reversing the payment, never by approving
        assertThatThrownBy(() -> r.approve(3L, Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-illegal-transition"));
        r.state = RewardState.IN_BATCH;
        assertThatThrownBy(() -> r.approve(3L, Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-illegal-transition"));
        assertThatThrownBy(() -> r.paymentReversed(Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-not-paid"));
        r.state = RewardState.ACCRUED;
        r.payeeAccountId = null;
        assertThatThrownBy(() -> r.approve(3L, Instant.now()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("reward-unclaimed"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0.00", "1, 0.01", "2000, 20.00", "2550, 25.50", "30000000, 300000.00", "100000000001, 1000000000.01"
    })
    void yuan(long fen, String yuan) {
        assertThat(RewardCalculator.yuan(fen)).isEqualTo(yuan);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {"13912345678, 139****5678", "12345, ****", "null, null", "+8613912345678, +86****5678"})
    void mask(String phone, String masked) {
        assertThat(Payee.mask(phone)).isEqualTo(masked);
    }

    @Test
    void exportCsvHasBomQuotingAndYuan() {
        byte[] csv = PayoutFiles.csv(
                7,
                List.of(
                        new PayoutViews.ExportLine(
                                1, 11, 21, "张三, \"老张\"", "13912345678", 2550, Channel.PHONE_CREDIT, null),
                        new PayoutViews.ExportLine(
                                2, 12, 22, "=cmd|' /C calc'!A0", "13800000000", 5000, Channel.PHONE_CREDIT, null),
                        new PayoutViews.ExportLine(3, 13, 23, "王五", null, 1200, Channel.WECHAT, "o-wx-123")));
        assertThat(csv[0]).isEqualTo((byte) 0xEF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text.split("\r\n"))
                .containsExactly(
                        "line_no,batch_id,reward_id,ticket_id,payee_name,phone,amount_yuan,channel,openid",
                        "1,7,11,21,\"张三, \"\"老张\"\"\",13912345678,25.50,PHONE_CREDIT,",
                        "2,7,12,22,'=cmd|' /C calc'!A0,13800000000,50.00,PHONE_CREDIT,",
                        "3,7,13,23,王五,,12.00,WECHAT,o-wx-123");
    }

    @Test
    void resultFileParsing() {
        String file =
                "\uFEFFReward_ID,status,external_ref,reason,extra\r\n11,PAID,TX-1,,x\r\n12,失败,,空号\r\n\r\n13,success,TX-3,,\r\n";
        List<PayoutResults.ResultLine> lines =
                PayoutFiles.results(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines)
                .containsExactly(
                        new PayoutResults.ResultLine(11L, PayoutLine.Status.PAID, "TX-1", null),
                        new PayoutResults.ResultLine(12L, PayoutLine.Status.FAILED, null, "空号"),
                        new PayoutResults.ResultLine(13L, PayoutLine.Status.PAID, "TX-3", null));
        for (String bad : List.of(
                "",
                "id,state\n1,PAID\n",
                "reward_id,status\nabc,PAID\n",
                "reward_id,status\n1,MAYBE\n",
                "reward_id,status\n")) {
            assertThatThrownBy(
                            () -> PayoutFiles.results(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
        }
        byte[] latin1 = "reward_id,status,reason\n1,FAILED,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> PayoutFiles.results(new ByteArrayInputStream(latin1)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.fieldErrors().get(0).message()).isEqualTo("field.result-file.encoding"));
    }
}
