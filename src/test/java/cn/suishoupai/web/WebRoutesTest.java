package cn.suishoupai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.suishoupai.web.WebRoutes.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebRoutesTest {

    private final WebRoutes routes = new WebRoutes(List.of("console", "h5"));

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                "/console, ADD_SLASH, console",
                "/console/, INDEX, console",
                "/console/index.html, INDEX, console",
                "/console/dispatch/reviews, INDEX, console",
                "/console/tickets/12, INDEX, console",
                "/console/sign-in, INDEX, console",
                "/console/assets/index-Ab12Cd.js, ASSET, console",
                "/console/assets/missing.css, ASSET, console",
                "/console/favicon.svg, FILE, console",
                "/console/a/b.png, FILE, console",
                "/h5, ADD_SLASH, h5",
                "/h5/, INDEX, h5",
                "/h5/reports/3, INDEX, h5",
                "/h5/assets/x.js, ASSET, h5",
                "/consoles, NONE, null",
                "/consoleX/a, NONE, null",
                "/api/v1/me, NONE, null",
                "/, NONE, null",
                "/q/health, NONE, null",
                "/h55/, NONE, null",
            })
    void decide(String path, Kind kind, String app) {
        WebRoutes.Decision d = routes.decide(path);
        assertEquals(kind, d.kind());
        assertEquals(app, d.app());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "http://127.0.0.1:9100, http://127.0.0.1:9100",
                "https://oss.example.cn/bucket/key, https://oss.example.cn",
                "HTTPS://OSS.Example.cn:8443/, https://oss.example.cn:8443",
                "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=1, null",
                "https://t0.tianditu.gov.cn/vec_w/wmts?T=vec_w&x={x}, https://t0.tianditu.gov.cn",
                "ftp://files.example.cn, null",
                "example.cn, null",
                "'https://a.cn; script-src *', null",
                "https://a.cn'x, null",
                "'', null",
            })
    void origins(String url, String origin) {
        assertEquals(Optional.ofNullable(origin), ContentSecurityPolicy.origin(url));
    }

    @Test
    void cspAllowsOnlyTheServiceObjectStorageAndConfiguredOrigins() {
        String csp = ContentSecurityPolicy.of(
                Optional.of("http://127.0.0.1:9100"),
                List.of("https://t0.tianditu.gov.cn/x/{z}", "not a url"),
                List.of("https://api.example.cn"));
        assertEquals(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "img-src 'self' data: blob: http://127.0.0.1:9100 https://t0.tianditu.gov.cn; font-src 'self' data:; "
                        + "connect-src 'self' http://127.0.0.1:9100 https://api.example.cn; media-src 'self' blob:; "
                        + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
                csp);
        assertEquals(
                "img-src 'self' data: blob:",
                List.of(ContentSecurityPolicy.of(Optional.empty(), List.of(), List.of())
                                .split("; "))
                        .get(3));
    }
}
