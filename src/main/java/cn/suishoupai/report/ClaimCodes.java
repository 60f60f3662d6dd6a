package cn.suishoupai.report;

import cn.suishoupai.common.Hashes;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Claim codes for anonymous reports: 16 characters of Crockford base32 (no I, L, O, U), shown once
 * as XXXX-XXXX-XXXX-XXXX: 80 bits, out of reach of guessing online (rate-limited) and offline.
 * Stored only as a keyed hash of {@link #digest} (see {@link ClaimCodeAccess}).
 */
public final class ClaimCodes {

    static final int LENGTH = 16;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCodes() {}

    public static String generate() {
        StringBuilder sb = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
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

    /**
     * SHA-256 of the normalised code: the input of the stored keyed hash (and, before V10, what was
     * stored, so that codes issued then can be re-keyed without knowing them).
     */
    public static String digest(String code) {
        return Hashes.sha256("claim:" + normalise(code));
    }
}
