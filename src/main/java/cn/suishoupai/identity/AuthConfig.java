package cn.suishoupai.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "suishoupai.auth")
public interface AuthConfig {

    /** iss of the tokens we issue and accept. */
    String issuer();

    @WithDefault("PT15M")
    Duration accessTokenTtl();

    @WithDefault("P30D")
    Duration refreshTokenTtl();

    Lockout lockout();

    Sms sms();

    Wechat wechat();

    Web web();

    /** The browser sign-in of the web console and the resident page (/api/v1/auth/web/*, {@link SessionCookie}). */
    interface Web {
        /**
         * Whether the session cookie is marked Secure. Unset: when the request came over https. Set it
         * to true in production behind a TLS-terminating proxy that does not forward the scheme.
         */
        Optional<Boolean> cookieSecure();
    }

    interface Lockout {
        @WithDefault("5")
        int maxFailures();

        @WithDefault("PT15M")
        Duration window();

        @WithDefault("PT15M")
        Duration duration();
    }

    interface Sms {
        /**
         * Which SmsSender delivers codes: "none" (SMS login off, the production default), "http"
         * (an SMS gateway, see http.*) or "log" (writes codes to the log; local run only).
         */
        @WithDefault("none")
        String sender();

        Http http();

        interface Http {
            Optional<String> url();

            /** Where notices (not codes) are POSTed, JSON {phone, text, kind: "NOTICE"}; default: url. */
            Optional<String> noticeUrl();

            Optional<String> token();

            @WithDefault("PT5S")
            Duration timeout();
        }

        @WithDefault("PT5M")
        Duration codeTtl();

        @WithDefault("5")
        int maxAttempts();

        /** Minimum gap between two codes to one phone. */
        @WithDefault("PT60S")
        Duration resendInterval();

        /** Codes per phone per rolling 24 hours. */
        @WithDefault("10")
        int dailyLimit();
    }

    interface Wechat {
        /** jscode2session lives at {base-url}/sns/jscode2session; tests point this at a stub. */
        @WithDefault("https://api.weixin.qq.com")
        String baseUrl();

        Optional<String> appId();

        Optional<String> appSecret();

        @WithDefault("PT5S")
        Duration timeout();
    }
}
