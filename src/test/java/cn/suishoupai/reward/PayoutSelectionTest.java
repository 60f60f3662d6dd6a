package cn.suishoupai.reward;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.region.Severity;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A payout batch's selection and identity's payee checks take their ids as one array parameter
 * ({@code = any(?n)}). A statement may have at most 65 535 parameters (the protocol counts them in 16
 * bits; older drivers stopped at 32 767), so an IN list of one parameter per id fails for a township
 * with more payees than that. Here with 100 000 ids, one of them a real payee. Checked the other way
 * round: with {@code withPayoutPhone} written as {@code id in (?1)} this test fails with "PreparedStatement
 * can have at most 65,535 parameters … Given query has 131,072 parameters" (Hibernate pads the list).
 */
@QuarkusTest
class PayoutSelectionTest {

    /** More than a statement may have parameters. */
    static final int MANY = 100_000;

    @Inject
    Fixtures fixtures;

    @Inject
    RewardWorld world;

    @Inject
    PayoutBatches batches;

    @Inject
    AccountFacts accounts;

    @Test
    void tensOfThousandsOfPayeesGoAsOneArrayParameter() {
        String admin = Fixtures.token(fixtures.admin());
        Town town = new Town(fixtures, admin);
        String gridWorker = Fixtures.token(fixtures.staff(Set.of("grid_worker"), null, Set.of(town.zoneA.id)));
        RewardWorld.fixedRule(admin, town.fire.code, "GENERAL", 5000);
        Ticket t = world.ticket(town, Severity.GENERAL);
        Account payee = fixtures.resident();
        world.resident(t, payee, Instant.now().minusSeconds(600));
        RewardWorld.verify(gridWorker, t.id, true).then().statusCode(200);
        Reward w = world.rewardOf(t.id);
        QuarkusTransaction.requiringNew()
                .run(() -> Reward.update("state = ?1 where id = ?2", RewardState.APPROVED, w.id));

        List<Long> ids = new ArrayList<>(
                LongStream.rangeClosed(1, MANY).map(i -> -i).boxed().toList());
        ids.add(payee.id);
        PayoutBatches.Selection selection = new PayoutBatches.Selection(w.townshipId, w.channel, null, true);

        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(accounts.withPayoutPhone(ids)).containsExactly(payee.id);
            assertThat(accounts.withWechatOpenid(ids)).containsExactly(payee.id);
            assertThat(accounts.kinds(ids)).containsOnlyKeys(payee.id);
            assertThat(batches.payeesOf(selection)).contains(payee.id);
            assertThat(batches.countOf(selection, ids)).isEqualTo(1);
            assertThat(batches.rewardsOf(selection, ids, 10)).containsExactly(w.id);
        });
    }
}
