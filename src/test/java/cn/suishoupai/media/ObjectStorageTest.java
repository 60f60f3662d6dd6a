package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The storage component over real HTTP against the embedded S3 server. */
@QuarkusTest
class ObjectStorageTest {

    @Inject
    ObjectStorage storage;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A stream that does not know its length, like an HTTP upload. */
    private static InputStream unknownLength(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int available() {
                return 0;
            }
        };
    }

    @Test
    void putStatGetDeleteRoundTrip() throws IOException {
        String key = "test/" + UUID.randomUUID() + ".bin";
        byte[] data = random(300_000);
        storage.put(key, unknownLength(data), "application/octet-stream", Map.of("purpose", "test"));

        var stat = storage.stat(key).orElseThrow();
        assertEquals(data.length, stat.size());
        assertEquals("application/octet-stream", stat.contentType());
        try (InputStream in = storage.get(key)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        storage.delete(key);
        assertTrue(storage.stat(key).isEmpty());
        storage.delete(key); // deleting twice is fine: cleanup jobs can retry
    }

    @Test
    void largeUnknownLengthStreamGoesMultipart() throws Exception {
        String key = "test/" + UUID.randomUUID() + ".big";
        byte[] data = random(23 * 1024 * 1024); // more than two 10 MiB parts
        storage.put(key, unknownLength(data), "application/octet-stream", Map.of());
        assertEquals(data.length, storage.stat(key).orElseThrow().size());
        MessageDigest want = MessageDigest.getInstance("SHA-256");
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        want.update(data);
        try (InputStream in = storage.get(key)) {
            got.update(in.readAllBytes());
        }
        assertArrayEquals(want.digest(), got.digest());
        storage.delete(key);
    }

    @Test
    void presignedGetIsFetchableOverPlainHttpAndExpires() throws Exception {
        String key = "test/" + UUID.randomUUID() + ".jpg";
        byte[] data = random(4096);
        storage.put(key, new ByteArrayInputStream(data), data.length, "image/jpeg");
        HttpClient http = HttpClient.newHttpClient();

        String url = storage.presignedGet(key);
        assertTrue(url.contains("X-Amz-Signature="), url);
        assertTrue(url.contains("X-Amz-Expires=300"), url);
        HttpResponse<byte[]> ok =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode());
        assertArrayEquals(data, ok.body());

        // without the signature the private bucket refuses
        String bare = url.substring(0, url.indexOf('?'));
        assertEquals(
                403,
                http.send(HttpRequest.newBuilder(URI.create(bare)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());

        String shortLived = storage.presignedGet(key, Duration.ofSeconds(1));
        Thread.sleep(2100);
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(shortLived)).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
        storage.delete(key);
    }

    @Test
    void missingObjectStatsEmpty() {
        assertTrue(storage.stat("test/does-not-exist-" + UUID.randomUUID()).isEmpty());
        assertTrue(storage.reachable());
    }
}
