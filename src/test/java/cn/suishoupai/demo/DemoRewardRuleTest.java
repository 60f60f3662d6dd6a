package cn.suishoupai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.reward.RewardCalculator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo's major-hazard rule follows the national scheme: 15 % of the fine, at least ¥3,000, at most ¥300,000. */
class DemoRewardRuleTest {

    @ParameterizedTest
    @CsvSource({
        // fine (fen), reward (fen)
        "1000000, 300000", // ¥10,000 fine: 15 % is ¥1,500, the minimum ¥3,000 applies
        "2000000, 300000", // ¥20,000: exactly ¥3,000
        "10000000, 1500000", // ¥100,000: ¥15,000
        "200000000, 30000000", // ¥2,000,000: exactly ¥300,000
        "1000000000, 30000000", // ¥10,000,000: capped at ¥300,000
    })
    void majorRuleFollowsTheNationalScheme(long fineFen, long rewardFen) {
        assertThat(RewardCalculator.percentOfFine(
                        fineFen, DemoData.MAJOR_PERCENT_BPS, DemoData.MAJOR_MIN_FEN, DemoData.MAJOR_MAX_FEN))
                .isEqualTo(rewardFen);
    }
}
