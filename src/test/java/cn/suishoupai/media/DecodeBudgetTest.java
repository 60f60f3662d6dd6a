package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decode limit counts the decoding thread's CPU time, capped on the clock (GuardedImageInputStream.Budget). */
class DecodeBudgetTest {

    private static final Duration LIMIT = Duration.ofMillis(200);

    @Test
    void waitingForACoreDoesNotSpendTheBudget() throws Exception {
        GuardedImageInputStream.Budget budget = new GuardedImageInputStream.Budget(LIMIT);
        Thread.sleep(LIMIT.toMillis() * 2); // a starved decode: time passes, no CPU is used
        long left = budget.remaining();
        assertTrue(left > LIMIT.toNanos() / 2, "left " + left + " ns after waiting twice the limit");
    }

    @Test
    void computingSpendsIt() {
        GuardedImageInputStream.Budget budget = new GuardedImageInputStream.Budget(LIMIT);
        long x = 0;
        while (budget.remaining() > 0) { // a decompression bomb: the thread computes until the budget is gone
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        assertTrue(x >= 0);
    }

    @Test
    void theClockCapEndsEvenAStarvedDecode() throws Exception {
        GuardedImageInputStream.Budget budget = new GuardedImageInputStream.Budget(Duration.ofMillis(50));
        Thread.sleep(50L * GuardedImageInputStream.Budget.WALL_CAP_FACTOR + 20);
        long left = budget.remaining();
        assertTrue(left <= 0, "left " + left + " ns after the clock cap");
    }

    @Test
    void anotherThreadSeesTheDecodersBudget() throws Exception {
        GuardedImageInputStream.Budget budget = new GuardedImageInputStream.Budget(LIMIT);
        long[] seen = new long[1];
        Thread watchdog = new Thread(() -> seen[0] = budget.remaining());
        watchdog.start();
        watchdog.join();
        assertTrue(seen[0] > 0 && seen[0] <= LIMIT.toNanos(), "the watchdog saw " + seen[0] + " ns left");
    }
}
