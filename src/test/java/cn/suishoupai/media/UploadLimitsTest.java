package cn.suishoupai.media;

import static cn.suishoupai.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.TestClock;
import cn.suishoupai.support.UploadSteps;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds of photo-first uploads, with small ones: the per-account cap on unused uploads (429 with Retry-After)
 * and the service-wide processing backlog (503 with Retry-After at once, never a wait). Nothing is kept by a refusal.
 */
@QuarkusTest
@TestProfile(UploadLimitsTest.SmallLimits.class)
class UploadLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "suishoupai.uploads.max-pending-per-account", "3",
                    "suishoupai.uploads.max-backlog", "5",
                    "suishoupai.uploads.retry-after", "PT7S");
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Inject
    Fixtures fixtures;

    @Inject
    UploadWorkers workers;

    @Inject
    Uploads uploads;

    @Inject
    AgroalDataSource ds;

    @Inject
    TestClock clock;

    @BeforeEach
    void empty() throws InterruptedException {
        workers.drain();
        Thread.sleep(600); // the backlog count behind the 503 is at most half a second old
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long rows() throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from photo_upload")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anAccountHoldsAtMostItsCapOfUnusedUploads() throws Exception {
        String token = fixtures.tokenFor(fixtures.resident().id);
        for (int i = 0; i < 3; i++) {
            UploadSteps.uploadId(token, UploadSteps.compressed(200 + i));
        }
        workers.drain(); // processed or not, they are unused: they count
        long before = rows();
        Response refused = UploadSteps.upload(token, UploadSteps.compressed(203));
        assertProblem(refused.then(), 429, "upload-limit").body("limit", org.hamcrest.Matchers.equalTo(3));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter)
                .isBetween(
                        Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
        assertThat(rows()).isEqualTo(before);

        // another resident is not affected
        UploadSteps.uploadId(fixtures.tokenFor(fixtures.resident().id), UploadSteps.compressed(204));

        // once the oldest have expired (Retry-After later), there is room again
        clock.advance(Duration.ofSeconds(retryAfter));
        UploadSteps.upload(token, UploadSteps.compressed(205)).then().statusCode(202);
    }

    @Test
    void beyondTheBacklogAnUploadIsRefusedAtOnceWithRetryAfter() throws Exception {
        // five residents, one upload each, nobody processing: the backlog is full
        for (int i = 0; i < 5; i++) {
            UploadSteps.uploadId(fixtures.tokenFor(fixtures.resident().id), UploadSteps.compressed(210 + i));
        }
        String token = fixtures.tokenFor(fixtures.resident().id);
        long before = rows();
        long started = System.nanoTime();
        Response busy = UploadSteps.upload(token, UploadSteps.compressed(215));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertProblem(busy.then(), 503, "uploads-busy").header("Retry-After", "7");
        assertThat(tookMs).as("refused at once, not after a wait").isLessThan(5_000);
        assertThat(rows()).isEqualTo(before);

        // the backlog drains, and the same upload goes through
        assertThat(workers.drain()).isEqualTo(5);
        Thread.sleep(600); // the backlog count behind the 503 is at most half a second old
        UploadSteps.upload(token, UploadSteps.compressed(215)).then().statusCode(202);
        assertThat(List.of(rows())).containsExactly(before + 1);
    }
}
