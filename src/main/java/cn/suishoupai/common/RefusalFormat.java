package cn.suishoupai.common;

/**
 * The answer to what the HTTP layer refuses ({@link HttpEdge}: a body over the size limit, a request line too long,
 * a path or query that cannot be decoded, headers or bytes Vert.x cannot decode) for the paths a feature answers in
 * an error format of its own — a protocol facade whose clients expect that protocol's errors, not problem+json. A
 * bean implementing this is asked for every such refusal; the first one that covers the request's path writes the
 * answer, every other path keeps problem+json. Defined here so that common names no feature: the feature implements
 * it (docs/ARCHITECTURE.md).
 */
public interface RefusalFormat {

    /** Whether refusals of a request to this path (normalised, without the query) are written by this format. */
    boolean covers(String path);

    /**
     * The answer to a refusal with this HTTP status and problem code (its texts are in {@link Messages} as
     * {@code <code>.title} and {@code <code>.detail}); the format may answer another status of its protocol.
     */
    Answer answer(String path, int status, String code);

    /** What is sent: the status, the Content-Type and the body. */
    record Answer(int status, String contentType, String body) {}
}
