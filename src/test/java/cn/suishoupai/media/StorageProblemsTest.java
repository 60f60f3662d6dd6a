package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.suishoupai.common.Problem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The storage mapping, which no HTTP test can provoke on demand (moved here from ProblemMappersTest). */
class StorageProblemsTest {

    @Test
    void storageFailureIs503WithRetryAfterAndNoInternals() {
        Response r = new StorageProblems()
                .storage(
                        new ObjectStorage.StorageException(
                                "put photos/x.jpg", new IOException("Connection refused: minio:9000")),
                        null,
                        null);
        assertEquals(503, r.getStatus());
        assertEquals("30", r.getHeaderString("Retry-After"));
        Problem p = (Problem) r.getEntity();
        assertEquals(Problem.TYPE_BASE + "storage-unavailable", p.type());
        assertEquals("存储服务暂不可用", p.title());
        assertFalse(p.detail().contains("minio"), p.detail());
    }
}
