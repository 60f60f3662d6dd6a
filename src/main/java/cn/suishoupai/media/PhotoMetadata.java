package cn.suishoupai.media;

import com.drew.imaging.heif.HeifMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.GeoLocation;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

/**
 * Reads the few EXIF facts we use (GPS, capture time, orientation) with metadata-extractor.
 * Metadata is advisory: any parse problem yields "no EXIF", never a rejection (decoding decides validity).
 */
final class PhotoMetadata {

    /** Residents are in China; phones without OffsetTimeOriginal write local wall-clock time. */
    static final TimeZone DEFAULT_ZONE = TimeZone.getTimeZone("Asia/Shanghai");

    record Read(Exif exif, int orientation) {
        static final Read NONE = new Read(Exif.NONE, 1);
    }

    private PhotoMetadata() {}

    static Read read(Path file, PhotoFormat format) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            return interpret(readMetadata(in, format));
        } catch (Exception e) { // ImageProcessingException, IOException, and runtime errors on hostile input
            return Read.NONE;
        }
    }

    private static Metadata readMetadata(InputStream in, PhotoFormat format) throws Exception {
        switch (format) {
            case JPEG:
                // only the EXIF (APP1) reader: stops at the first scan, skips XMP/IPTC/ICC parsing entirely
                return JpegMetadataReader.readMetadata(in, List.of(new ExifReader()));
            case WEBP:
                return WebpMetadataReader.readMetadata(in);
            case PNG:
                return pngExifOnly(in);
            case HEIC:
                return HeifMetadataReader.readMetadata(in);
            default:
                return new Metadata();
        }
    }

    /**
     * Only the PNG eXIf chunk. The generic PngMetadataReader also inflates zTXt/iTXt/iCCP chunks with no size
     * limit, which a 10 MB upload could turn into gigabytes (zip bomb).
     */
    private static Metadata pngExifOnly(InputStream in) throws Exception {
        Metadata metadata = new Metadata();
        Iterable<PngChunk> chunks = new PngChunkReader().extract(new StreamReader(in), Set.of(PngChunkType.eXIf));
        for (PngChunk chunk : chunks) {
            new ExifReader().extract(new ByteArrayReader(chunk.getBytes()), metadata);
        }
        return metadata;
    }

    static Read interpret(Metadata md) {
        ExifIFD0Directory ifd0 = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
        ExifSubIFDDirectory sub = md.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        GpsDirectory gps = md.getFirstDirectoryOfType(GpsDirectory.class);
        boolean present = ifd0 != null || sub != null || gps != null;
        if (!present) return Read.NONE;

        int orientation = 1;
        if (ifd0 != null) {
            Integer o = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            if (o != null && o >= 1 && o <= 8) orientation = o;
        }

        Double lat = null;
        Double lng = null;
        if (gps != null) {
            GeoLocation loc = gps.getGeoLocation(); // applies N/S, E/W refs; null when incomplete
            if (loc != null && !loc.isZero() && plausible(loc.getLatitude(), loc.getLongitude())) {
                lat = loc.getLatitude();
                lng = loc.getLongitude();
            }
        }

        Instant takenAt = null;
        if (sub != null) {
            // uses OffsetTimeOriginal (0x9011) when present, else interprets the wall-clock time in DEFAULT_ZONE
            Date d = sub.getDateOriginal(DEFAULT_ZONE);
            if (d != null) takenAt = d.toInstant();
        }
        return new Read(new Exif(true, lat, lng, takenAt), orientation);
    }

    private static boolean plausible(double lat, double lng) {
        return Double.isFinite(lat) && Double.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
    }
}
