package cn.suishoupai.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one limiter for abuse budgets, shared by every instance: per client address and service-wide
 * counters in fixed windows (clock hour, calendar day in Asia/Shanghai), one row per
 * (scope, key, window) in {@code rate_budget}, each taken with one atomic upsert.
 * <ul>
 * <li>{@code sms}: every SMS code the service sends (taken by the SmsSender decorator, whatever
 * feature sends it): per address and service-wide.</li>
 * <li>{@code login}: password logins per address; a successful login gives its attempt back.</li>
 * <li>{@code claim}: claim-code attempts per address (claims and X-Claim-Code reads); a code that
 * matched gives its attempt back.</li>
 * </ul>
 * A spent budget is 429 {@code rate-budget-exhausted} with Retry-After (the end of the window that
 * tripped), a count in {@code suishoupai_<scope>_budget_tripped_total{budget="address|service"}}
 * and a WARN line, itself limited to one per scope and budget per {@code log-interval}.
 * <p>
 * The address is {@code Caller.clientIp()}: the connection's, or behind a trusted proxy
 * (suishoupai.http.trusted-proxies) the right-most untrusted hop of its forwarding header
 * ({@link ClientAddress}); with no HTTP request (a job) only the service-wide budget applies.
 */
@ApplicationScoped
public class RateBudget {

    private static final Logger LOG = Logger.getLogger(RateBudget.class);
    static final String SERVICE_KEY = "*";

    /** One budget a request takes from: label ("address" or "service"), key, window and maximum. */
    public record Limit(String budget, String key, Duration window, int max) {}

    /** What {@link #take} took, to give back with {@link #refund}. */
    public record Taken(String scope, List<Limit> limits) {}

    private final BudgetsConfig config;
    private final EntityManager em;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    RateBudget(BudgetsConfig config, EntityManager em, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.em = em;
        this.clock = clock;
        this.registry = registry;
    }

    /** Takes one unit of {@code scope} ("sms", "login", "claim") for the calling client; 429 when spent. */
    public Taken take(String scope) {
        return take(scope, limits(scope, currentAddress()));
    }

    /** Takes one unit from every limit, all or none. */
    public Taken take(String scope, List<Limit> limits) {
        return take(scope, limits, "rate-budget-exhausted");
    }

    /** As {@link #take(String, List)}, refusing with the given 429 problem code (e.g. claim-rate-limited). */
    public Taken take(String scope, List<Limit> limits, String problem) {
        if (limits.isEmpty()) {
            return new Taken(scope, limits);
        }
        Instant now = clock.instant();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Limit l : limits) {
                    @SuppressWarnings("unchecked")
                    List<Object> row = em.createNativeQuery(
                                    "insert into rate_budget (scope, key, window_seconds, window_start, used) "
                                            + "values (?1, ?2, ?3, ?4, 1) on conflict (scope, key, window_seconds, window_start) "
                                            + "do update set used = rate_budget.used + 1 where rate_budget.used < ?5 returning used")
                            .setParameter(1, scope)
                            .setParameter(2, l.key())
                            .setParameter(3, (int) l.window().toSeconds())
                            .setParameter(4, windowStart(now, l.window()))
                            .setParameter(5, l.max())
                            .getResultList();
                    if (row.isEmpty()) {
                        throw new Spent(l); // rolls back: none of the limits is taken
                    }
                }
            });
        } catch (RuntimeException e) {
            Spent spent = spent(e);
            if (spent == null) {
                throw e;
            }
            throw tripped(scope, spent.limit, now, problem);
        }
        return new Taken(scope, limits);
    }

    private static final class Spent extends RuntimeException {
        final Limit limit;

        Spent(Limit limit) {
            super(null, null, false, false);
            this.limit = limit;
        }
    }

    private static Spent spent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Spent s) {
                return s;
            }
        }
        return null;
    }

    /** Gives back what {@link #take} took (a login that succeeded, a claim code that matched). */
    public void refund(Taken taken) {
        if (taken == null || taken.limits().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Limit l : taken.limits()) {
                em.createNativeQuery("update rate_budget set used = used - 1 where scope = ?1 and key = ?2 "
                                + "and window_seconds = ?3 and window_start = ?4 and used > 0")
                        .setParameter(1, taken.scope())
                        .setParameter(2, l.key())
                        .setParameter(3, (int) l.window().toSeconds())
                        .setParameter(4, windowStart(now, l.window()))
                        .executeUpdate();
            }
        });
    }

    /** Spent windows are kept two days (the longest window is one), then deleted. */
    @Scheduled(
            every = "${suishoupai.budgets.purge-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge() {
        Instant before = clock.instant().minus(Duration.ofDays(2));
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("delete from rate_budget where window_start < ?1")
                        .setParameter(1, before)
                        .executeUpdate());
    }

    List<Limit> limits(String scope, String address) {
        List<Limit> out = new ArrayList<>(4);
        BudgetsConfig.Limits perAddress = switch (scope) {
            case "sms" -> config.sms().perAddress();
            case "login" -> config.login().perAddress();
            case "claim" -> config.claim().perAddress();
            default -> throw new IllegalArgumentException("unknown budget scope " + scope);
        };
        if (address != null) {
            add(out, "address", address, perAddress);
        }
        if (scope.equals("sms")) {
            add(out, "service", SERVICE_KEY, config.sms().service());
        }
        return out;
    }

    private static void add(List<Limit> out, String budget, String key, BudgetsConfig.Limits limits) {
        if (limits.perHour() > 0) {
            out.add(new Limit(budget, key, Duration.ofHours(1), limits.perHour()));
        }
        if (limits.perDay() > 0) {
            out.add(new Limit(budget, key, Duration.ofDays(1), limits.perDay()));
        }
    }

    /** Windows start on clock hours and at midnight in the business zone (fixed UTC+8). */
    static Instant windowStart(Instant now, Duration window) {
        long w = window.toSeconds();
        long offset = ClockProducer.BUSINESS_ZONE.getRules().getOffset(now).getTotalSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond() + offset, w) * w - offset);
    }

    private ApiException tripped(String scope, Limit l, Instant now, String problem) {
        Instant end = windowStart(now, l.window()).plus(l.window());
        long wait = Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
        registry.counter("suishoupai." + scope + ".budget.tripped", "budget", l.budget())
                .increment();
        warn(scope, l, wait);
        return new ApiException(429, problem, wait)
                .with("budget", l.budget())
                .with("retryAfter", wait)
                .header("Retry-After", String.valueOf(wait));
    }

    /** One WARN line per scope and budget per log-interval: a flood of refusals cannot flood the log. */
    private void warn(String scope, Limit l, long wait) {
        String k = scope + ":" + l.budget();
        long nowMs = System.currentTimeMillis();
        AtomicLong last = lastLogged.computeIfAbsent(k, x -> new AtomicLong(Long.MIN_VALUE / 2));
        AtomicLong skipped = suppressed.computeIfAbsent(k, x -> new AtomicLong());
        long prev = last.get();
        if (nowMs - prev >= config.logInterval().toMillis() && last.compareAndSet(prev, nowMs)) {
            LOG.warnf(
                    "Rate budget spent: scope=%s budget=%s key=%s limit=%d per %s, retry after %ds (%d more refusals not logged since the last line)",
                    scope, l.budget(), l.key(), l.max(), l.window(), wait, skipped.getAndSet(0));
        } else {
            skipped.incrementAndGet();
        }
    }

    /** The calling client's address, or null outside an HTTP request. */
    static String currentAddress() {
        var container = Arc.container();
        InjectableContext ctx = container == null ? null : container.requestContext();
        if (ctx == null || !ctx.isActive()) {
            return null;
        }
        try {
            return container.instance(Caller.class).get().clientIp();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
