package cn.suishoupai.common;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The coordinate systems a position can be in (DOMAIN §5). The service stores WGS-84; a client sends
 * its position in any of these and may ask for the answer in any of them ({@link ResponseCrs}).
 */
@Schema(
        name = "Crs",
        description = "Coordinate system of a lat/lng pair: WGS84 (GPS, EXIF, international maps), "
                + "GCJ02 (maps published in mainland China: WeChat, Tencent, AMap), BD09 (Baidu)")
public enum Crs {
    /** GPS / international maps; the system the service stores positions and grids in. */
    WGS84,
    /** "Mars coordinates" mandated for maps published in mainland China (AMap, Tencent, WeChat). */
    GCJ02,
    /** Baidu's additional obfuscation on top of GCJ-02. */
    BD09
}
