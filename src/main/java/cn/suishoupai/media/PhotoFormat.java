package cn.suishoupai.media;

/** Formats recognised by magic bytes. Recognised does not mean decodable: see {@link PhotoInspector#heicDecodable()}. */
public enum PhotoFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp"),
    HEIC("image/heic");

    private final String mimeType;

    PhotoFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }
}
