package cn.suishoupai.identity;

import java.time.Duration;

/**
 * The browser session cookie of the web console and the resident page: it carries the refresh
 * token, so no page script can read a long-lived credential (the access token lives in the page's
 * memory only). HttpOnly, SameSite=Strict, scoped to the web auth path (the only requests that
 * carry it), Secure when the site is served over https.
 */
public final class SessionCookie {

    /** Name of the cookie holding the refresh token. */
    public static final String NAME = "ssp_refresh";

    /** The cookie is sent with requests under this path only: refresh and sign-out. */
    public static final String PATH = "/api/v1/auth/web";

    /** Every call to {@link #PATH} must carry this header with {@link #CLIENT_VALUE} (CSRF: a form cannot set it). */
    public static final String CLIENT_HEADER = "X-Suishoupai-Client";

    public static final String CLIENT_VALUE = "web";

    /** A refresh token is 43 characters (32 random bytes, base64url); anything much longer is not one. */
    static final int MAX_VALUE_LENGTH = 128;

    private SessionCookie() {}

    /** The Set-Cookie value that stores a refresh token for its lifetime. */
    public static String set(String refreshToken, Duration maxAge, boolean secure) {
        return NAME + "=" + refreshToken + "; Path=" + PATH + "; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie value that deletes the cookie (sign-out, or a refresh that was refused). */
    public static String clear(boolean secure) {
        return NAME + "=; Path=" + PATH
                + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /**
     * Whether the cookie gets the Secure attribute: the configured choice, else whether the request
     * came over https (as the service sees it: behind a proxy, X-Forwarded-Proto when forwarding is on).
     */
    public static boolean secure(Boolean configured, String requestScheme) {
        return configured != null ? configured : "https".equalsIgnoreCase(requestScheme);
    }

    /** A presented cookie value worth looking up: present, plain base64url, not absurdly long. */
    public static boolean plausible(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_VALUE_LENGTH
                && value.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
