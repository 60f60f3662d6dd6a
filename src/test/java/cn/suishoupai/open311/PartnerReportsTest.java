package cn.suishoupai.open311;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.reward.Eligibility;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A partner's Open311 report (role partner, no account) never earns a reward; a linked resident's report may. */
class PartnerReportsTest {

    @Test
    void aPartnersReportIsPassedOverAndALinkedResidentsWins() {
        Eligibility.Candidate partner = new Eligibility.Candidate(1, null, false, "partner", false, null, false, false);
        Eligibility.Candidate linked = new Eligibility.Candidate(2, 42L, false, "resident", false, null, false, false);
        assertThat(Eligibility.first(List.of(partner))).isNull();
        assertThat(Eligibility.first(List.of(partner, linked))).isEqualTo(new Eligibility.Winner(2, 42L));
    }
}
