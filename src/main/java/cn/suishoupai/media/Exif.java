package cn.suishoupai.media;

import java.time.Instant;

/**
 * What the photo's own metadata claims. Never trusted blindly: see {@link PhotoFlags}.
 *
 * @param present  an EXIF block (IFD0, Exif sub-IFD or GPS IFD) was found at all
 * @param lat      WGS-84 latitude, signed (south negative); null when absent, out of range or exactly 0,0
 * @param lng      WGS-84 longitude, signed (west negative); null together with lat
 * @param takenAt  DateTimeOriginal, using OffsetTimeOriginal when present, else read as Asia/Shanghai local time
 */
public record Exif(boolean present, Double lat, Double lng, Instant takenAt) {

    public static final Exif NONE = new Exif(false, null, null, null);

    public Exif {
        if ((lat == null) != (lng == null))
            throw new IllegalArgumentException("lat and lng must both be set or both null");
    }

    public boolean hasGps() {
        return lat != null;
    }
}
