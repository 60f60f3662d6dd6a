package cn.suishoupai.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * multipart/form-data at the boundary, for every endpoint: a body that is not well-formed
 * multipart is a 400 {@code malformed-multipart}, never a 500, an empty form or a 422 about
 * "missing" fields. Three places catch it:
 * <ul>
 * <li>before matching, the Content-Type must carry a valid {@code boundary} (RFC 2046: 1–70
 * characters from the boundary alphabet, not ending in a space) — without one the parser would
 * not run (an empty form) or fail on an empty value;</li>
 * <li>the parser's own failures (no delimiter, no closing delimiter, garbage) are mapped in
 * {@link ProblemMappers#io} and {@link ProblemMappers#malformedMultipart};</li>
 * <li>after the form was read, a multipart body must have yielded at least one part (RFC 2046
 * requires one) and every part must have had a {@code Content-Disposition: form-data} with a name
 * (RFC 7578; the parser keeps such a part under no name).</li>
 * </ul>
 */
public class MultipartRules {

    private static final Pattern BOUNDARY =
            Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");

    @ServerRequestFilter(preMatching = true)
    public void boundary(ContainerRequestContext ctx) {
        String type = ctx.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (isMultipart(type) && !validBoundary(type)) {
            throw malformed();
        }
    }

    /** Before the text rules ({@link TextInputFilter}), which expect every part to have a name. */
    @ServerRequestFilter(priority = Priorities.USER - 1)
    @WithFormRead
    public void parts(ResteasyReactiveContainerRequestContext ctx) {
        if (!isMultipart(ctx.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return;
        }
        if (ctx.getServerRequestContext() instanceof ResteasyReactiveRequestContext rr) {
            FormData form = rr.getFormData();
            if (form == null) {
                return;
            }
            boolean any = false;
            for (String name : form) {
                if (name == null || name.isEmpty()) {
                    throw malformed(); // a part without Content-Disposition: form-data; name="…"
                }
                any = true;
            }
            if (!any) {
                throw malformed();
            }
        }
    }

    static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** True when the Content-Type has exactly one boundary parameter with a valid RFC 2046 value. */
    static boolean validBoundary(String contentType) {
        String found = null;
        String[] params = contentType.split(";");
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                if (found != null) {
                    return false; // two boundaries: which one would the parser take?
                }
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                found = v;
            }
        }
        return found != null && BOUNDARY.matcher(found).matches();
    }

    /** An I/O failure raised by the form parser while reading the request body. */
    static boolean fromFormParser(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                    || c.startsWith("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                return true;
            }
        }
        return false;
    }

    static ApiException malformed() {
        return new ApiException(400, "malformed-multipart");
    }
}
