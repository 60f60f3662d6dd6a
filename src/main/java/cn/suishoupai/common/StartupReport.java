package cn.suishoupai.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Injecting {@link RequiredSettings} makes Quarkus validate it at start, which is what turns a
 * missing production setting into an immediate exit naming it.
 */
@ApplicationScoped
class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void onStart(@Observes StartupEvent ev, RequiredSettings required) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.infof("Production settings present (database %s, JWT keys %s / %s)",
                    required.databaseUrl().replaceAll("//[^@/]*@", "//***@"), required.jwtVerifyKey(), required.jwtSignKey());
        }
    }
}
