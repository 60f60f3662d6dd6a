package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.ForbiddenException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Every error leaving the API, the framework's own included, becomes application/problem+json.
 * Nothing from an exception's message or class reaches the client except through a message key.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpHeaders headers, UriInfo uri) {
        Response.ResponseBuilder rb =
                build(headers, uri, e.status(), e.code(), e.fieldErrors(), e.extensions(), e.args());
        e.headers().forEach(rb::header);
        return rb.build();
    }

    /**
     * A malformed request is a 400 {@code validation-failed} listing every violation. When only
     * {@link Unprocessable} constraints fail, the request is well formed but its values are not
     * acceptable: a 422 {@code invalid-field}, as the same check in a service answers.
     */
    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        Map<Boolean, List<ConstraintViolation<?>>> byKind =
                e.getConstraintViolations().stream().collect(Collectors.partitioningBy(ProblemMappers::unprocessable));
        if (byKind.get(false).isEmpty()) {
            List<ConstraintViolation<?>> semantic = byKind.get(true).stream()
                    .sorted(Comparator.comparing(ProblemMappers::fieldName))
                    .toList();
            Object max =
                    semantic.get(0).getConstraintDescriptor().getAttributes().get("max");
            return build(
                            headers,
                            uri,
                            422,
                            "invalid-field",
                            fieldErrors(semantic),
                            Map.of(),
                            max == null ? new Object[0] : new Object[] {max})
                    .build();
        }
        List<Problem.FieldError> errors = fieldErrors(byKind.get(false));
        return build(headers, uri, 400, "validation-failed", errors, Map.of(), errors.size())
                .build();
    }

    private static boolean unprocessable(ConstraintViolation<?> v) {
        return v.getConstraintDescriptor().getAnnotation().annotationType().isAnnotationPresent(Unprocessable.class);
    }

    private static List<Problem.FieldError> fieldErrors(List<ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpHeaders headers, UriInfo uri) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (e instanceof StrictText.InvalidText t) {
            // a control character in a JSON string (StrictText): 422 like the same text in a form field
            String name = field.isEmpty() ? "body" : field;
            return build(
                            headers,
                            uri,
                            422,
                            "invalid-text",
                            List.of(new Problem.FieldError(name, "field.text.control")),
                            Map.of("field", name),
                            String.format("U+%04X", t.codePoint()))
                    .build();
        }
        if (field.isEmpty()) {
            return build(headers, uri, 400, "malformed-json", List.of(), Map.of())
                    .build();
        }
        if (e instanceof JacksonConfig.OutOfBoundsException oob) {
            // parses, but lies outside the business window: semantically invalid, like any 422 field
            return api(Values.outOfBounds(field, oob.getValue()), headers, uri);
        }
        String key = e instanceof UnrecognizedPropertyException
                ? "field.unknown"
                : e instanceof InvalidFormatException ? "field.wrong-type" : "field.unreadable";
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field, key)); // build() localises the key
        return build(headers, uri, 400, "malformed-json", errors, Map.of()).build();
    }

    /** Quarkus ships its own mapper for this subtype; ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        return jsonMapping(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 400, "malformed-json", List.of(), Map.of()).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 403, "forbidden", List.of(), Map.of()).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpHeaders headers, UriInfo uri) {
        // JAX-RS answers 404 when a query/path parameter cannot be converted; that is a bad request
        if (e.getCause() instanceof IllegalArgumentException) {
            return build(headers, uri, 400, "invalid-parameter", List.of(), Map.of())
                    .build();
        }
        return build(headers, uri, 404, "not-found", List.of(), Map.of()).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpHeaders headers, UriInfo uri) {
        Response.ResponseBuilder rb = build(headers, uri, 405, "method-not-allowed", List.of(), Map.of());
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            rb.header(HttpHeaders.ALLOW, allow);
        }
        return rb.build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 415, "unsupported-media-type", List.of(), Map.of())
                .build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 406, "not-acceptable", List.of(), Map.of()).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, headers, uri);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException jpe) {
            // the JSON reader wraps parse errors; unwrap so the client learns which field
            return jpe instanceof JsonMappingException jme ? jsonMapping(jme, headers, uri) : json(jpe, headers, uri);
        }
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        return build(headers, uri, status, code, List.of(), Map.of()).build();
    }

    /** Two people acted on the same thing at once; the loser's change was not applied. */
    @ServerExceptionMapper
    public Response staleVersion(OptimisticLockException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 409, "stale-version", List.of(), Map.of()).build();
    }

    /** The multipart parser found bytes that are not multipart/form-data. */
    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e, HttpHeaders headers, UriInfo uri) {
        return build(headers, uri, 400, "malformed-multipart", List.of(), Map.of())
                .build();
    }

    /**
     * The body ended before the multipart parser was complete (no delimiter, no closing delimiter,
     * garbage, or the client hung up): the client's body is broken, not the server. Other I/O
     * failures stay 500s.
     */
    @ServerExceptionMapper
    public Response io(IOException e, HttpHeaders headers, UriInfo uri) {
        if (MultipartRules.fromFormParser(e)) {
            return build(headers, uri, 400, "malformed-multipart", List.of(), Map.of())
                    .build();
        }
        return internal(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, HttpHeaders headers, UriInfo uri) {
        String conflict = exclusion(e);
        if (conflict != null) {
            // the database refused what a service check should have: the same 409, no stack trace
            LOG.warnf("Exclusion constraint refused a write on %s: %s", uri == null ? "?" : uri.getPath(), conflict);
            return build(headers, uri, 409, conflict, List.of(), Map.of(), "?").build();
        }
        // The client gets a reference it can quote to the operator; the details stay in the log.
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s on %s", ref, uri == null ? "?" : uri.getPath());
        return build(headers, uri, 500, "internal-error", List.of(), Map.of("errorId", ref), ref)
                .build();
    }

    /** Exclusion constraints (SQLState 23P01) that stand behind a service check, by constraint name → problem code. */
    private static final Map<String, String> EXCLUSIONS = Map.of("reward_rule_no_overlap", "reward-rule-overlap");

    /** The problem code of an exclusion-constraint violation anywhere in the cause chain, or null. */
    static String exclusion(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23P01".equals(sql.getSQLState())) {
                String msg = String.valueOf(sql.getMessage());
                return EXCLUSIONS.entrySet().stream()
                        .filter(x -> msg.contains(x.getKey()))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse("conflict");
            }
        }
        return null;
    }

    /**
     * A localised problem response with the given status and code; features that own an exception
     * map it with their own {@code @ServerExceptionMapper} through this (the 401s in identity, the
     * storage 503 in media), so common names no feature.
     */
    public static Response.ResponseBuilder build(
            HttpHeaders headers,
            UriInfo uri,
            int status,
            String code,
            List<Problem.FieldError> fieldErrors,
            Map<String, Object> ext,
            Object... args) {
        boolean en = english(headers);
        Problem p = problem(en, status, code, uri == null ? null : uri.getPath(), fieldErrors, ext, args);
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, en ? "en" : "zh-CN")
                .entity(p);
    }

    /**
     * The one problem body, localised: used by the mappers above and by handlers outside JAX-RS
     * ({@link HttpEdge}) so that every error has the same shape and texts.
     */
    public static Problem problem(
            boolean en,
            int status,
            String code,
            String instance,
            List<Problem.FieldError> fieldErrors,
            Map<String, Object> ext,
            Object... args) {
        List<Problem.FieldError> localised = new ArrayList<>(fieldErrors.size());
        for (Problem.FieldError fe : fieldErrors) {
            String msg = Messages.has(fe.message()) ? Messages.get(en, fe.message(), args) : fe.message();
            localised.add(new Problem.FieldError(fe.field(), msg));
        }
        return new Problem(
                Problem.TYPE_BASE + code,
                Messages.get(en, code + ".title"),
                status,
                Messages.get(en, code + ".detail", args),
                instance,
                localised,
                ext);
    }

    static boolean english(HttpHeaders headers) {
        try {
            return headers != null && Messages.english(headers.getAcceptableLanguages());
        } catch (RuntimeException e) {
            return false; // a malformed Accept-Language must not turn a 4xx into a 500
        }
    }

    /**
     * "create.arg0.password" → "password": the client knows body fields, not Java parameters. A node in
     * a list carries the index of the list's element it sits in ({@code days[1].date}); a list's own
     * element ({@code <list element>}) is that index alone ({@code periods[0]}).
     */
    static String fieldName(ConstraintViolation<?> v) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                // a body parameter's own name is noise; a query/path parameter's name is the field
                continue;
            }
            if (node.isInIterable() && !parts.isEmpty()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (at != null) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + at + "]");
                }
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            parts.add(name);
        }
        if (parts.isEmpty()) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    return node.getName();
                }
            }
            return "body";
        }
        return String.join(".", parts);
    }
}
