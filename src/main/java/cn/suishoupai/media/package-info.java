/**
 * Photos as bytes: format sniffing and structural checks, processing into display copy and thumbnail,
 * perceptual hash, EXIF flags, and the private object storage with its upload journal. Knows nothing of
 * reports or tickets; the storage 503 is mapped here.
 *
 * <p>May use: common (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.media;
