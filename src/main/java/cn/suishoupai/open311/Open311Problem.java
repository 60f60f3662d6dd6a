package cn.suishoupai.open311;

import java.util.List;
import java.util.Map;

/**
 * A refusal in GeoReport v2's terms: the HTTP status and the {@code errors} list of {code, description}; the code is
 * the status, as in the spec's examples. Several at once where several fields are wrong.
 */
class Open311Problem extends RuntimeException {

    record Error(int code, String description) {}

    final int status;
    final List<Error> errors;
    final Map<String, String> headers;

    Open311Problem(int status, List<String> descriptions) {
        this(status, descriptions, Map.of());
    }

    Open311Problem(int status, List<String> descriptions, Map<String, String> headers) {
        super(String.join("; ", descriptions), null, false, false);
        this.status = status;
        this.errors = descriptions.stream().map(d -> new Error(status, d)).toList();
        this.headers = headers;
    }

    static Open311Problem of(int status, String description) {
        return new Open311Problem(status, List.of(description));
    }
}
