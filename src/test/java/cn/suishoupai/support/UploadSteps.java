package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import cn.suishoupai.media.TestPhotos;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A WeChat mini-program's intake, as tests drive it: wx.uploadFile one photo at a time, then the report as JSON. */
public final class UploadSteps {

    private UploadSteps() {}

    /**
     * What wx.compressImage hands over: a re-encoded JPEG without any EXIF. Real ones are 1280-1920 px; 640 px keeps
     * the tests quick and is the same code path.
     */
    public static byte[] compressed(long seed) {
        return TestPhotos.jpeg(TestPhotos.photoLike(640, 480, seed), 0.8f);
    }

    /** wx.uploadFile({url, filePath, name, formData}): one file part named {@code name}, form fields as text parts. */
    public static Response upload(String token, String name, String fileName, byte[] bytes, Map<String, String> form) {
        var r = given().auth()
                .oauth2(token)
                .contentType("multipart/form-data")
                .multiPart(name, fileName, bytes, "image/jpeg");
        form.forEach((k, v) -> r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(v)
                .controlName(k)
                .mimeType("text/plain")
                .charset("UTF-8")
                .build()));
        return r.post("/api/v1/uploads");
    }

    public static Response upload(String token, byte[] bytes) {
        return upload(token, "file", "wxfile://tmp_" + System.nanoTime() + ".jpg", bytes, Map.of());
    }

    /** Uploads and returns the id (202 expected). */
    public static long uploadId(String token, byte[] bytes) {
        return ((Number) upload(token, bytes).then().statusCode(202).extract().path("id")).longValue();
    }

    /** The JSON body of a report from uploads, in WGS-84 unless the caller changes crs. */
    public static Map<String, Object> body(List<Long> photoIds, double[] latLng, String category) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("photoIds", photoIds);
        b.put("lat", latLng[0]);
        b.put("lng", latLng[1]);
        b.put("crs", "WGS84");
        b.put("accuracyM", 35.0);
        b.put("description", "楼道堆放杂物，堵塞消防通道");
        b.put("address", "测试路 2 号");
        if (category != null) {
            b.put("category", category);
        }
        return b;
    }

    public static Response submit(String token, Map<String, Object> body, String idempotencyKey) {
        var r = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            r.header("Idempotency-Key", idempotencyKey);
        }
        return r.post("/api/v1/reports");
    }
}
