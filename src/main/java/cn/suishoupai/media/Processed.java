package cn.suishoupai.media;

/**
 * Result of {@link PhotoProcessor#process}. The byte arrays are not copied: treat them as read-only.
 *
 * @param format         detected by magic bytes
 * @param width          original width after EXIF orientation (full resolution, from the header)
 * @param height         original height after EXIF orientation
 * @param sha256         lowercase hex SHA-256 of the original bytes (exact-duplicate detection, evidence integrity)
 * @param phash          16 hex chars, 64-bit DCT perceptual hash of the upright image (near-duplicate detection)
 * @param display        upright JPEG, long edge ≤ displayLongEdge, no metadata at all
 * @param thumbnail      upright JPEG, long edge ≤ thumbLongEdge, no metadata at all
 * @param displayWidth   width of {@code display}
 * @param displayHeight  height of {@code display}
 * @param exif           metadata read from the original (the outputs carry none of it)
 */
public record Processed(
        PhotoFormat format,
        int width,
        int height,
        String sha256,
        String phash,
        byte[] display,
        byte[] thumbnail,
        int displayWidth,
        int displayHeight,
        Exif exif) {}
