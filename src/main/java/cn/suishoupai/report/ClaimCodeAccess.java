package cn.suishoupai.report;

import cn.suishoupai.common.KeyedHashes;
import cn.suishoupai.common.RateBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Claim codes at rest and at the door. At rest: HMAC-SHA-256 under the privacy secret of the code's
 * digest, so a copy of the database alone cannot test guesses. At the door (reading a report with
 * X-Claim-Code, claiming its reward): every attempt is counted in the shared {@link RateBudget}
 * per client address, per account and per code (any account; key = another keyed hash, never the
 * code); an attempt whose code matched is given back to the address and the account, so only wrong
 * guesses use up their allowance. Over a limit the answer is 429 with Retry-After, before the code
 * is even looked up.
 */
@ApplicationScoped
public class ClaimCodeAccess {

    private final KeyedHashes keyed;
    private final ReportConfig config;
    private final RateBudget budget;

    ClaimCodeAccess(KeyedHashes keyed, ReportConfig config, RateBudget budget) {
        this.keyed = keyed;
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
        // per client address first (429 rate-budget-exhausted), then per account and per code (429 claim-rate-limited)
        RateBudget.Taken byAddress = budget.take("claim");
        RateBudget.Taken byAccount;
        try {
            byAccount = budget.take(
                    "claim",
                    List.of(limit("account", "account:" + accountId, config.claimAttemptsPerAccount())),
                    "claim-rate-limited");
        } catch (RuntimeException e) {
            budget.refund(byAddress);
            throw e;
        }
        try {
            budget.take(
                    "claim",
                    List.of(limit(
                            "code", "code:" + keyed.hex("claim-code-attempts", digest), config.claimAttemptsPerCode())),
                    "claim-rate-limited");
        } catch (RuntimeException e) {
            budget.refund(byAccount);
            budget.refund(byAddress);
            throw e;
        }
        return new Attempt(fromDigest(digest), byAccount, byAddress);
    }

    private RateBudget.Limit limit(String name, String key, int max) {
        return new RateBudget.Limit(name, key, config.claimWindow(), max);
    }

    /** An attempt in progress: {@link #matched()} when the code turned out right. */
    public final class Attempt {
        private final String hash;
        private final RateBudget.Taken byAccount;
        private final RateBudget.Taken byAddress;

        Attempt(String hash, RateBudget.Taken byAccount, RateBudget.Taken byAddress) {
            this.hash = hash;
            this.byAccount = byAccount;
            this.byAddress = byAddress;
        }

        public String hash() {
            return hash;
        }

        /** A code that matched gives its attempts back: only wrong guesses use up the allowances. */
        public void matched() {
            budget.refund(byAccount);
            budget.refund(byAddress);
        }
    }
}
