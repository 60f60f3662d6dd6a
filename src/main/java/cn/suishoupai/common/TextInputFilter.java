package cn.suishoupai.common;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Text rules at the boundary for everything that is not JSON (JSON strings: {@link StrictText}).
 * Runs for every matched endpoint, after form data was read and before the resource: path and
 * query parameters (names and decoded values), the header parameters the endpoint declares, and
 * form fields and multipart file names. A forbidden character is a 422 {@code invalid-text} naming
 * the parameter; query, path, header values and file names are one line, form fields follow
 * {@link Texts#multiLine}.
 */
public class TextInputFilter {

    @ServerRequestFilter
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext ctx, ResourceInfo resource) {
        checkAll(ctx.getUriInfo().getPathParameters(true));
        checkAll(ctx.getUriInfo().getQueryParameters(true));
        Method m = resource == null ? null : resource.getResourceMethod();
        if (m != null) {
            for (Annotation[] annotations : m.getParameterAnnotations()) {
                for (Annotation a : annotations) {
                    String name = a instanceof HeaderParam h ? h.value() : a instanceof RestHeader r ? r.value() : null;
                    if (name != null && !name.isEmpty()) {
                        for (String v : ctx.getHeaders().getOrDefault(name, List.of())) {
                            Texts.refuseControls(name, v, false);
                        }
                    }
                }
            }
        }
        if (ctx.getServerRequestContext() instanceof ResteasyReactiveRequestContext rr) {
            FormData form = rr.getFormData();
            if (form != null) {
                for (String name : form) {
                    Texts.refuseControls("field-name", name, false);
                    for (FormValue v : form.get(name)) {
                        if (v.isFileItem()) {
                            Texts.refuseControls(name + ".filename", v.getFileName(), false);
                        } else {
                            Texts.refuseControls(name, v.getValue(), Texts.multiLine(name));
                        }
                    }
                }
            }
        }
    }

    private static void checkAll(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            Texts.refuseControls("parameter-name", e.getKey(), false);
            for (String v : e.getValue()) {
                Texts.refuseControls(e.getKey(), v, false);
            }
        }
    }
}
