package cn.suishoupai.notify;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Local run only: starts the WeChat / WeCom stub ({@link WechatStubServer}) on the port of
 * suishoupai.auth.wechat.base-url, so a person can log in as a WeChat resident (POST /api/v1/auth/wechat
 * with any code, e.g. {"code":"resident1"}) and see the subscription messages and bot posts that would
 * be sent: GET {base-url}/stub/messages, and one log line each.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class WechatStubStartup {

    private static final Logger LOG = Logger.getLogger(WechatStubStartup.class);
    private WechatStubServer server;

    void start(
            @Observes @Priority(2) StartupEvent ev,
            @ConfigProperty(name = "suishoupai.wechat-stub.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "suishoupai.auth.wechat.base-url") String baseUrl,
            @ConfigProperty(name = "suishoupai.auth.wechat.app-id") String appId,
            @ConfigProperty(name = "suishoupai.auth.wechat.app-secret") String appSecret)
            throws Exception {
        if (!enabled) {
            return;
        }
        server = WechatStubServer.start(URI.create(baseUrl).getPort(), appId, appSecret, true);
        LOG.infof(
                "WeChat/WeCom stub on %s: log in with POST /api/v1/auth/wechat {\"code\":\"<any name>\"}; "
                        + "messages that would be sent: GET %s/stub/messages",
                server.baseUrl(),
                server.baseUrl());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
