package cn.suishoupai.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionCookieTest {

    @ParameterizedTest(name = "configured={0} scheme={1} -> Secure={2}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, http, false",
                "null, https, true",
                "null, HTTPS, true",
                "null, null, false",
                "true, http, true",
                "false, https, false",
            })
    void secureWhenConfiguredElseWhenHttps(Boolean configured, String scheme, boolean secure) {
        assertEquals(secure, SessionCookie.secure(configured, scheme));
    }

    @ParameterizedTest(name = "[{0}] plausible={1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, false",
                "'', false",
                "abcDEF0123-_, true",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, true",
                "'a b', false",
                "a;b, false",
                "a=b, false",
                "é, false",
                "a/b+c, false",
            })
    void plausibleValues(String value, boolean plausible) {
        assertEquals(plausible, SessionCookie.plausible(value));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void setAndClear(boolean secure) {
        String tail = secure ? "; Secure" : "";
        assertEquals(
                "ssp_refresh=tok; Path=/api/v1/auth/web; Max-Age=60; HttpOnly; SameSite=Strict" + tail,
                SessionCookie.set("tok", Duration.ofMinutes(1), secure));
        assertEquals(
                "ssp_refresh=; Path=/api/v1/auth/web; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly;"
                        + " SameSite=Strict" + tail,
                SessionCookie.clear(secure));
    }

    @org.junit.jupiter.api.Test
    void aLongValueIsNotPlausible() {
        assertEquals(false, SessionCookie.plausible("a".repeat(SessionCookie.MAX_VALUE_LENGTH + 1)));
        assertEquals(true, SessionCookie.plausible("a".repeat(SessionCookie.MAX_VALUE_LENGTH)));
    }
}
