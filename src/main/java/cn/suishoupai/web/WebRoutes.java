package cn.suishoupai.web;

import java.util.List;

/**
 * Which answer a path under one of the web apps gets (pure; {@link WebApps} applies it). The build
 * puts each app's index.html at /&lt;app&gt;/index.html and its content-hashed files under
 * /&lt;app&gt;/assets/; anything else without a file extension is a route of the app's router.
 */
final class WebRoutes {

    enum Kind {
        /** not under an app: not ours */
        NONE,
        /** /&lt;app&gt; without the slash: redirect to /&lt;app&gt;/ */
        ADD_SLASH,
        /** the app's index.html, as such or for a client-side route: never cached without revalidation */
        INDEX,
        /** a content-hashed build file: cached for a year, immutable */
        ASSET,
        /** another file (favicon): cached briefly */
        FILE
    }

    record Decision(Kind kind, String app) {}

    private final List<String> apps;

    WebRoutes(List<String> apps) {
        this.apps = List.copyOf(apps);
    }

    Decision decide(String path) {
        if (path == null) {
            return new Decision(Kind.NONE, null);
        }
        for (String app : apps) {
            String root = "/" + app;
            if (path.equals(root)) {
                return new Decision(Kind.ADD_SLASH, app);
            }
            if (!path.startsWith(root + "/")) {
                continue;
            }
            String rest = path.substring(root.length() + 1);
            if (rest.startsWith("assets/")) {
                return new Decision(Kind.ASSET, app);
            }
            String last = rest.substring(rest.lastIndexOf('/') + 1);
            if (last.contains(".") && !last.equals("index.html")) {
                return new Decision(Kind.FILE, app);
            }
            return new Decision(Kind.INDEX, app);
        }
        return new Decision(Kind.NONE, null);
    }
}
