package cn.suishoupai.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * HMAC-SHA-256 under the privacy secret ({@link PrivacyConfig}), one derived key per purpose, so a
 * hash made for one purpose (a claim code's lookup hash) never equals one made for another (its
 * rate-limit bucket). Without the secret a copy of the database cannot test guesses against them.
 */
@ApplicationScoped
public class KeyedHashes {

    static final int MIN_SECRET_LENGTH = 32;

    private final byte[] secret;

    KeyedHashes(PrivacyConfig config) {
        String s = config.secret();
        if (s == null || s.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException(
                    "suishoupai.privacy.secret must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.secret = s.getBytes(StandardCharsets.UTF_8);
    }

    /** Lower-case hex HMAC-SHA-256 of data under the key for purpose. */
    public String hex(String purpose, String data) {
        return HexFormat.of().formatHex(Hashes.hmacSha256(key(purpose), data.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] key(String purpose) {
        return Hashes.hmacSha256(secret, ("suishoupai:" + purpose).getBytes(StandardCharsets.UTF_8));
    }
}
