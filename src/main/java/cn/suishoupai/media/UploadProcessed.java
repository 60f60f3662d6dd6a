package cn.suishoupai.media;

/**
 * A worker finished an upload: READY (processed and stored) or FAILED ({@code failure} says why). Fired in the
 * transaction that records it, after the row is updated; {@code reportId} is the report that took the upload, if
 * one did (report finishes its intake when that was the last of its photos).
 */
public record UploadProcessed(long uploadId, Long reportId, Uploads.Status status, String failure) {}
