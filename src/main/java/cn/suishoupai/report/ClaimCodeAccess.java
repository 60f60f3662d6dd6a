package cn.suishoupai.report;

import cn.suishoupai.common.RateBudget;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.KeyedHashes;
import cn.suishoupai.common.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Claim codes at rest and at the door. At rest: HMAC-SHA-256 under the privacy secret of the code's
 * digest, so a copy of the database alone cannot test guesses. At the door (reading a report with
 * X-Claim-Code, claiming its reward): every attempt is counted in the shared {@link RateLimiter}
 * per code (any account; bucket = another keyed hash, never the code) and per account; an attempt
 * whose code matched is given back to the account, so only wrong guesses use up its allowance.
 * Over either limit the answer is 429 with Retry-After, before the code is even looked up.
 */
@ApplicationScoped
public class ClaimCodeAccess {

    private final KeyedHashes keyed;
    private final RateLimiter limiter;
    private final ReportConfig config;

    private final RateBudget budget;

    ClaimCodeAccess(KeyedHashes keyed, RateLimiter limiter, ReportConfig config, RateBudget budget) {
        this.keyed = keyed;
        this.limiter = limiter;
        this.config = config;
        this.budget = budget;
    }

    /** What is stored for a code (report.claim_code_hash). */
    public String stored(String code) {
        return fromDigest(ClaimCodes.digest(code));
    }

    String fromDigest(String digest) {
        return keyed.hex("claim-code", digest);
    }

    /** One attempt with a code: counted, refused with 429 over a limit, else the hash to look up. */
    public Attempt attempt(long accountId, String code) {
        String digest = ClaimCodes.digest(code);
        // per client address first (common/RateBudget, shared with logins and SMS codes): 429 rate-budget-exhausted
        RateBudget.Taken byAddress = budget.take("claim");
        RateLimiter.Attempt byAccount = limiter.take("claim-account:" + accountId, config.claimAttemptsPerAccount(),
                config.claimWindow());
        if (!byAccount.allowed()) {
            budget.refund(byAddress);
            throw refused(byAccount);
        }
        RateLimiter.Attempt byCode = limiter.take("claim-code:" + keyed.hex("claim-code-attempts", digest),
                config.claimAttemptsPerCode(), config.claimWindow());
        if (!byCode.allowed()) {
            limiter.giveBack(byAccount);
            budget.refund(byAddress);
            throw refused(byCode);
        }
        return new Attempt(fromDigest(digest), byAccount, byAddress);
    }

    private static ApiException refused(RateLimiter.Attempt a) {
        return new ApiException(429, "claim-rate-limited").header("Retry-After", String.valueOf(a.retryAfterSeconds()));
    }

    /** An attempt in progress: {@link #matched()} when the code turned out right. */
    public final class Attempt {
        private final String hash;
        private final RateLimiter.Attempt byAccount;
        private final RateBudget.Taken byAddress;

        Attempt(String hash, RateLimiter.Attempt byAccount, RateBudget.Taken byAddress) {
            this.hash = hash;
            this.byAccount = byAccount;
            this.byAddress = byAddress;
        }

        public String hash() {
            return hash;
        }

        /** A code that matched gives its attempts back: only wrong guesses use up the allowances. */
        public void matched() {
            limiter.giveBack(byAccount);
            budget.refund(byAddress);
        }
    }
}
