package cn.suishoupai.media;

/**
 * The upload is not an acceptable photo. This is the resident's problem (show {@link #reason()} to the client),
 * not a server fault; the English {@link #detail()} is for logs and API error bodies.
 */
public final class PhotoRejected extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** File larger than {@link PhotoLimits#maxBytes()}. */
        TOO_LARGE,
        /** Not JPEG/PNG/WebP by magic bytes, or HEIC on a server without a HEIC decoder. */
        UNSUPPORTED_TYPE,
        /** Header claims more than {@link PhotoLimits#maxPixels()} pixels (decompression-bomb guard). */
        TOO_MANY_PIXELS,
        /** Right magic bytes, but truncated or corrupt data (or less data than the headers promise). */
        UNDECODABLE,
        /** Decoding took longer than {@link PhotoLimits#decodeTimeout()} and was stopped. */
        DECODE_TIMEOUT
    }

    private final Reason reason;

    public PhotoRejected(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public PhotoRejected(Reason reason, String detail, Throwable cause) {
        // no stack trace needed for the expected path, but keep the cause for diagnosing odd files
        super(detail, cause, false, cause != null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "PhotoRejected[" + reason + ": " + getMessage() + "]";
    }
}
