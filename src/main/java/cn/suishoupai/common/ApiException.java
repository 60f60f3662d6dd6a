package cn.suishoupai.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client-visible failure. {@code code} is the stable slug of the problem type and the key of
 * its localised title and detail in {@code i18n/problems*.properties}; {@code args} fill the
 * detail template. Throw it from services; {@link ProblemMappers} renders it.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Object[] args;
    private final transient Map<String, Object> extensions = new LinkedHashMap<>();
    private final transient List<Problem.FieldError> fieldErrors;
    private transient Map<String, String> headers = Map.of();

    public ApiException(int status, String code, Object... args) {
        this(status, code, List.of(), args);
    }

    public ApiException(int status, String code, List<Problem.FieldError> fieldErrors, Object... args) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.args = args;
        this.fieldErrors = fieldErrors;
    }

    public ApiException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public ApiException header(String name, String value) {
        this.headers = Map.of(name, value);
        return this;
    }

    public static ApiException badRequest(String code, Object... args) {
        return new ApiException(400, code, args);
    }

    public static ApiException unauthorized(String code, Object... args) {
        return new ApiException(401, code, args);
    }

    public static ApiException forbidden(String code, Object... args) {
        return new ApiException(403, code, args);
    }

    public static ApiException notFound(String code, Object... args) {
        return new ApiException(404, code, args);
    }

    public static ApiException conflict(String code, Object... args) {
        return new ApiException(409, code, args);
    }

    public static ApiException unprocessable(String code, Object... args) {
        return new ApiException(422, code, args);
    }

    /** A 422 naming one field, for semantic checks done in services rather than by Bean Validation. */
    public static ApiException invalidField(String field, String messageKey, Object... args) {
        return new ApiException(422, "invalid-field", List.of(new Problem.FieldError(field, messageKey)), args);
    }

    /**
     * A 422 naming several fields at once, for a service rule that checks several values (each error's
     * message is a key of i18n/problems); the same problem as {@link #invalidField} and as Bean Validation.
     */
    public static ApiException invalidFields(List<Problem.FieldError> errors) {
        return new ApiException(422, "invalid-field", List.copyOf(errors));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public List<Problem.FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
