package cn.suishoupai.web;

import cn.suishoupai.common.Crs;
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

    /** The console's maps: the tile server, if any (without one, maps draw grids and pins on a blank ground). */
    MapTiles map();

    interface MapTiles {
        /**
         * A Leaflet tile URL template ({z}/{x}/{y}, {s} for a subdomain), key included, e.g. 天地图's
         * https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY.
         * None (the default): no tiles. Its origins are added to the pages' img-src.
         */
        Optional<String> tileUrl();

        /** A second layer drawn over the tiles (天地图's labels, cva_w), same rules. */
        Optional<String> labelUrl();

        /** The letters {s} stands for, e.g. 01234567 for 天地图. */
        @WithDefault("abc")
        String subdomains();

        /** Shown in the map's corner, e.g. "© 天地图 审图号 GS(2024)0568号". */
        Optional<String> attribution();

        /** The tiles' coordinate system: WGS84 (天地图, OpenStreetMap) or GCJ02 (AMap, Tencent). */
        @WithDefault("WGS84")
        Crs crs();

        @WithDefault("18")
        int maxZoom();
    }

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
