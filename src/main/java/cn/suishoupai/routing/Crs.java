package cn.suishoupai.routing;

/** Coordinate reference systems a client may report a position in. */
public enum Crs {
    /** GPS / international maps; the system grids are stored in. */
    WGS84,
    /** "Mars coordinates" mandated for maps published in mainland China (AMap, Tencent, WeChat). */
    GCJ02,
    /** Baidu's additional obfuscation on top of GCJ-02. */
    BD09
}
