package cn.suishoupai.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** The configured {@link ClientAddress} rule; a malformed setting stops the start. */
@Singleton
public class TrustedProxies {

    private static final Logger LOG = Logger.getLogger(TrustedProxies.class);

    private final ClientAddress rule;

    TrustedProxies(HttpConfig config) {
        this.rule = ClientAddress.of(config.trustedProxies().orElse(List.of()), config.clientAddressHeader());
    }

    void onStart(@Observes StartupEvent ev) {
        if (rule.trustsAnyone()) {
            LOG.infof("Client addresses: %s believed from the trusted proxies only", rule.header().name);
        }
    }

    public ClientAddress rule() {
        return rule;
    }
}
