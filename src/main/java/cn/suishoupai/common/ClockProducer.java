package cn.suishoupai.common;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** All business time flows through this clock so deadlines and lockouts can be tested. */
@ApplicationScoped
public class ClockProducer {

    /** Business time zone of the township (DOMAIN §6). */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }
}
