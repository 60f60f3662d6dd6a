package cn.suishoupai.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "suishoupai.web")
public interface WebConfig {

    /** The single-page apps under META-INF/resources/&lt;app&gt;/, each served at /&lt;app&gt;/. */
    @WithDefault("console,h5")
    List<String> apps();

    /**
     * A directory on disk to serve the apps from (its &lt;app&gt;/ subdirectories) instead of the class
     * path; the local run uses target/classes/META-INF/resources, so a rebuild shows without a restart.
     */
    Optional<String> dir();

    Csp csp();

    /**
     * The Content-Security-Policy of the apps' pages. Photos are presigned links to object storage,
     * so its public origin (suishoupai.storage.public-endpoint, else endpoint) is allowed for images
     * and fetches; other origins (map tiles) are added here.
     */
    interface Csp {
        /** Further origins images may come from, e.g. a tile server: https://t0.tianditu.gov.cn. */
        Optional<List<String>> imgSrc();

        /** Further origins the pages may fetch from. */
        Optional<List<String>> connectSrc();
    }
}
