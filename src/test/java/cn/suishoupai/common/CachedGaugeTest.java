package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A shared gauge counts once per time to live, keeps its last value when the count fails, NaN before any. */
class CachedGaugeTest {

    @Test
    void countsOncePerTimeToLive() {
        AtomicLong now = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        CachedGauge g = new CachedGauge("g", Duration.ofSeconds(10), () -> queries.incrementAndGet() * 100, now::get);
        assertThat(g.value()).isEqualTo(100);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(g.value()).isEqualTo(100);
        assertThat(queries).hasValue(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(g.value()).isEqualTo(200);
        assertThat(queries).hasValue(2);
    }

    @Test
    void aFailedCountKeepsTheLastValue() {
        AtomicLong now = new AtomicLong();
        AtomicLong answer = new AtomicLong(7);
        CachedGauge g = new CachedGauge(
                "g",
                Duration.ZERO,
                () -> {
                    if (answer.get() < 0) {
                        throw new IllegalStateException("database away");
                    }
                    return answer.get();
                },
                now::get);
        assertThat(g.value()).isEqualTo(7);
        answer.set(-1);
        assertThat(g.value()).isEqualTo(7);
        CachedGauge never = new CachedGauge(
                "h",
                Duration.ZERO,
                () -> {
                    throw new IllegalStateException("database away");
                },
                now::get);
        assertThat(never.value()).isNaN();
    }
}
