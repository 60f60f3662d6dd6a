package cn.suishoupai.routing;

/** Test access to the application's router: apply committed changes now instead of within a second. */
public final class Routing {

    private Routing() {}

    public static void refreshNow(RoutingService service) {
        service.refresh();
    }
}
