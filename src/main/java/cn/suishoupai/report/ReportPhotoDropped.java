package cn.suishoupai.report;

/**
 * A photo of a photo-first report could not be processed (undecodable, decode timeout, checksum mismatch …) and was
 * dropped from it, in the transaction that finished the report's intake. {@code reporterAccountId} is null for an
 * anonymous report (nobody may be told: nothing ties it to an account). {@code photosLeft} 0 means the report has no
 * usable photo and went to the dispatcher (NO_USABLE_PHOTO). {@code position} counts from 0 in the report's photoIds.
 */
public record ReportPhotoDropped(
        long reportId, Long reporterAccountId, long uploadId, int position, String reason, int photosLeft) {}
