package cn.suishoupai.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Start-up checks of production settings. Injecting {@link RequiredSettings} makes Quarkus
 * validate it at start, which turns a missing production setting into an immediate exit naming it.
 */
@ApplicationScoped
class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void onStart(
            @Observes StartupEvent ev,
            RequiredSettings required,
            @ConfigProperty(name = "suishoupai.auth.sms.sender") String smsSender) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            if ("log".equals(smsSender)) {
                // codes in a production log would let anyone who reads the log log in as any resident
                throw new IllegalStateException(
                        "suishoupai.auth.sms.sender=log is for the local run only; use http or none");
            }
            LOG.infof(
                    "Production settings present (database %s, JWT keys %s / %s)",
                    required.databaseUrl().replaceAll("//[^@/]*@", "//***@"),
                    required.jwtVerifyKey(),
                    required.jwtSignKey());
        }
    }
}
