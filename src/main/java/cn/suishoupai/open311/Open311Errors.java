package cn.suishoupai.open311;

import cn.suishoupai.common.Messages;
import cn.suishoupai.common.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every error answer under {@code /open311/v2} is GeoReport v2's {@code errors} list, also those the facade does not
 * write itself: the framework's 405 (method), 406 (Accept), 415 (Content-Type), a malformed form body, the text rules
 * of {@code common.TextInputFilter} and anything else a mapper answers with problem+json. The format is the path's
 * suffix ({@code .json}; XML otherwise, the spec's default); the status is the spec's: 404, 403 and 429 stay, a server
 * error stays, every other refusal is 400. The problem's code and English text become the description. What the HTTP
 * layer refuses before any resource runs (a body over the size limit, a request line too long, undecodable bytes) is
 * answered the same way through {@link Open311Refusals}.
 */
public class Open311Errors {

    static final String BASE = "/open311/v2";

    private final ObjectMapper mapper;

    Open311Errors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether this path is the facade's: {@code /open311/v2} and everything under it. */
    static boolean covers(String path) {
        return path != null && (path.equals(BASE) || path.startsWith(BASE + "/"));
    }

    /** The format an error under this path is written in: JSON for a .json suffix, else XML. */
    static Open311Format formatOfPath(String path) {
        return path != null && path.endsWith(".json") ? Open311Format.JSON : Open311Format.XML;
    }

    /** GeoReport v2 knows 404, 403 and 400 (and 429 for a spent budget); a server error stays what it is. */
    static int status(int status) {
        return status == 403 || status == 404 || status == 429 || status >= 500 ? status : 400;
    }

    @ServerResponseFilter
    public void rewrite(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (response.getStatus() < 400 || !covers(path)) {
            return;
        }
        if (response.getEntity() instanceof String && isOpen311(response.getMediaType())) {
            return; // written by Open311Resource already
        }
        int original = response.getStatus();
        int status = status(original);
        List<String> lines = descriptions(original, response.getEntity());
        Open311Format format = formatOfPath(path);
        Open311Problem problem = new Open311Problem(status, lines);
        Response r = Open311Resource.errors(format, problem, mapper);
        response.setStatus(status);
        response.getHeaders().remove(HttpHeaders.CONTENT_LANGUAGE);
        response.setEntity(r.getEntity(), new Annotation[0], MediaType.valueOf(format.mediaType));
    }

    private static boolean isOpen311(MediaType type) {
        return type != null
                && (type.isCompatible(MediaType.TEXT_XML_TYPE) || type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
    }

    /** One error's description: the problem code, the original HTTP status and the English text. */
    static String describe(String code, int status, String detail) {
        return code + " (HTTP " + status + ")" + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }

    /** The problem's code and English text, one line per field error; the HTTP status's reason otherwise. */
    private static List<String> descriptions(int status, Object entity) {
        List<String> lines = new ArrayList<>();
        if (entity instanceof Problem p) {
            String code = p.type() != null && p.type().startsWith(Problem.TYPE_BASE)
                    ? p.type().substring(Problem.TYPE_BASE.length())
                    : "http-" + status;
            String detail = Messages.has(code + ".detail")
                            && !Messages.get(true, code + ".detail").contains("{")
                    ? Messages.get(true, code + ".detail")
                    : p.detail();
            String head = describe(code, status, detail);
            if (p.errors() == null || p.errors().isEmpty()) {
                lines.add(head);
            } else {
                for (Problem.FieldError f : p.errors()) {
                    String msg = Messages.has(f.message()) ? Messages.get(true, f.message()) : f.message();
                    lines.add(f.field() + ": " + msg + " (" + code + ")");
                }
            }
            if (p.extensions() != null && p.extensions().get("errorId") != null) {
                lines.add("errorId: " + p.extensions().get("errorId"));
            }
        } else {
            Response.StatusType reason = Response.Status.fromStatusCode(status);
            lines.add("HTTP " + status + (reason == null ? "" : " " + reason.getReasonPhrase()));
        }
        return lines;
    }
}
