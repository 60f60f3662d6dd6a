package cn.suishoupai.report;

import cn.suishoupai.common.Hashes;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Claim codes for anonymous reports: 12 characters of Crockford base32 (no I, L, O, U), shown once
 * as XXXX-XXXX-XXXX and stored only as a hash. 60 bits: not guessable within any rate limit.
 */
public final class ClaimCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCodes() {
    }

    public static String generate() {
        StringBuilder sb = new StringBuilder(14);
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) sb.append('-');
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** Residents retype codes: case, dashes and spaces do not matter, and O/I/L read as 0/1/1. */
    public static String normalise(String code) {
        String c = code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        return c.replace('O', '0').replace('I', '1').replace('L', '1');
    }

    public static String hash(String code) {
        return Hashes.sha256("claim:" + normalise(code));
    }
}
