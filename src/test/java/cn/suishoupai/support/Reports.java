package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import cn.suishoupai.media.TestPhotos;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds report submissions for tests: photos generated on the fly, fields as a phone would send them. */
public final class Reports {

    private static final DateTimeFormatter EXIF_TIME =
            DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private Reports() {}

    public record Part(String fileName, byte[] bytes, String contentType) {}

    /** A camera photo taken at (lat, lng) at the given time: EXIF GPS and capture time as a phone writes them. */
    public static byte[] photo(double lat, double lng, Instant taken, long seed) {
        byte[] jpeg = TestPhotos.jpeg(TestPhotos.photoLike(640, 480, seed), 0.85f);
        return TestPhotos.withExif(
                jpeg, TestPhotos.ExifSpec.empty().gps(lat, lng).taken(EXIF_TIME.format(taken)));
    }

    public static Part jpeg(String name, byte[] bytes) {
        return new Part(name, bytes, "image/jpeg");
    }

    public static Map<String, String> fields(double[] latLng, String category) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lat", String.valueOf(latLng[0]));
        f.put("lng", String.valueOf(latLng[1]));
        f.put("crs", "WGS84");
        f.put("description", "楼道堆放杂物，堵塞消防通道");
        f.put("address", "测试路 1 号");
        if (category != null) {
            f.put("category", category);
        }
        return f;
    }

    public static RequestSpecification request(String token, Map<String, String> fields, List<Part> photos) {
        RequestSpecification r = given().auth().oauth2(token).contentType("multipart/form-data");
        fields.forEach((k, v) -> r.multiPart(new io.restassured.builder.MultiPartSpecBuilder(v)
                .controlName(k)
                .mimeType("text/plain")
                .charset("UTF-8")
                .build()));
        for (Part p : photos) {
            r.multiPart("photos", p.fileName(), p.bytes(), p.contentType());
        }
        return r;
    }

    public static Response submit(String token, Map<String, String> fields, List<Part> photos) {
        return request(token, fields, photos).post("/api/v1/reports");
    }
}
