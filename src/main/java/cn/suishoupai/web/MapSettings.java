package cn.suishoupai.web;

import cn.suishoupai.common.Crs;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How the console draws its maps (suishoupai.web.map.*): the tile URL template or none, the label
 * layer, the letters {s} stands for, the attribution, the tiles' coordinate system and the deepest zoom.
 * The console asks the API for coordinates in {@code crs}, so pins and grids lie where the tiles put them.
 */
@Schema(name = "MapSettings")
public record MapSettings(
        String tileUrl, String labelUrl, String subdomains, String attribution, Crs crs, int maxZoom) {

    static MapSettings of(WebConfig.MapTiles m) {
        return new MapSettings(
                m.tileUrl().filter(s -> !s.isBlank()).orElse(null),
                m.labelUrl().filter(s -> !s.isBlank()).orElse(null),
                m.subdomains(),
                m.attribution().orElse(null),
                m.crs(),
                m.maxZoom());
    }

    /** The URLs a template stands for, one per subdomain letter when it has {s}: what CSP must allow. */
    static List<String> origins(String template, String subdomains) {
        if (template == null || template.isBlank()) {
            return List.of();
        }
        if (!template.contains("{s}") || subdomains.isEmpty()) {
            return List.of(template);
        }
        Set<String> out = new LinkedHashSet<>();
        for (char c : subdomains.toCharArray()) {
            out.add(template.replace("{s}", String.valueOf(c)));
        }
        return List.copyOf(out);
    }
}
