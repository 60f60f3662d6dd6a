package cn.suishoupai.media;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.IsolatedS3;
import cn.suishoupai.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * The cleanup of abandoned uploads ({@link PhotoStore#scheduledCleanup}) through an object-storage outage: a WARN
 * when it starts (never an ERROR: the run guard fails this class on one), nothing lost, and the journalled objects
 * deleted once storage is back. The outage is a real S3 server of this test's own, stopped and started again on the
 * same port and directory, under a PhotoStore that talks to it (the shared test server keeps running for the rest).
 */
@QuarkusTest
class PhotoStoreOutageTest {

    private static final String ACCESS_KEY = "outage-test";
    private static final String SECRET_KEY = "outage-test-secret";

    @Inject
    EntityManager em;

    @Inject
    StorageConfig storageConfig;

    @Inject
    PhotoConfig photoConfig;

    @Inject
    AgroalDataSource ds;

    @Test
    void anOutageIsOneWarningAndTheCleanupCatchesUpAfterIt() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-s3", "outage-" + UUID.randomUUID()));
        IsolatedS3 s3 = IsolatedS3.start(dir, ACCESS_KEY, SECRET_KEY);
        int port = s3.endpoint().getPort();
        ObjectStorage storage = new ObjectStorage(pointingAt(s3.endpoint().toString()));
        storage.ensureBucket();
        // this store's time lies a month back, so its cleanup sees only its own journal entries, not other tests'
        TestClock time = new TestClock();
        time.advance(Duration.ofDays(-30));
        PhotoStore store = new PhotoStore(storage, photoConfig, em, time);
        List<LogRecord> logged = capture();
        try {
            PhotoStore.Batch first = abandoned(store, storage);
            time.advance(photoConfig.orphanGrace().plusSeconds(1));

            s3.close(); // the outage
            store.scheduledCleanup();
            store.scheduledCleanup();
            assertThat(warnings(logged)).hasSize(1).allMatch(m -> m.contains("Object storage unreachable"));
            assertThat(errors(logged)).isEmpty();
            assertThat(journalled(first)).as("kept for the next run").isOne();

            s3 = IsolatedS3.start(dir, port, ACCESS_KEY, SECRET_KEY); // back
            store.scheduledCleanup();
            assertThat(journalled(first)).isZero();
            for (String key : first.keys()) {
                assertThat(storage.stat(key)).as(key).isEmpty();
            }
            assertThat(messages(logged, Level.INFO)).anyMatch(m -> m.contains("reachable again"));

            // a second outage is said again, once
            PhotoStore.Batch second = abandoned(store, storage);
            time.advance(photoConfig.orphanGrace().plusSeconds(1));
            s3.close();
            store.scheduledCleanup();
            store.scheduledCleanup();
            assertThat(warnings(logged)).hasSize(2);
            assertThat(errors(logged)).isEmpty();
            assertThat(journalled(second)).isOne();
            s3 = IsolatedS3.start(dir, port, ACCESS_KEY, SECRET_KEY);
            store.scheduledCleanup();
            assertThat(journalled(second)).isZero();
        } finally {
            release();
            store.stop();
            s3.close();
        }
    }

    /** A request that wrote its objects and died before recording its photos: journalled keys, objects present. */
    private static PhotoStore.Batch abandoned(PhotoStore store, ObjectStorage storage) {
        PhotoStore.Batch batch = store.begin("outage-test/" + UUID.randomUUID(), 1);
        byte[] bytes = "abandoned".getBytes();
        for (String key : batch.keys()) {
            storage.put(key, new ByteArrayInputStream(bytes), bytes.length, "image/jpeg");
        }
        return batch;
    }

    private StorageConfig pointingAt(String endpoint) {
        return (StorageConfig) Proxy.newProxyInstance(
                StorageConfig.class.getClassLoader(), new Class<?>[] {StorageConfig.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "endpoint" -> endpoint;
                        case "publicEndpoint" -> Optional.empty();
                        case "accessKey" -> ACCESS_KEY;
                        case "secretKey" -> SECRET_KEY;
                        default -> method.invoke(storageConfig, args);
                    };
                });
    }

    private long journalled(PhotoStore.Batch batch) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from upload_intent where id = ?")) {
            ps.setObject(1, batch.intentId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------ PhotoStore's log

    private static final Logger LOGGER = Logger.getLogger(PhotoStore.class.getName());

    private static List<LogRecord> capture() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "PhotoStoreOutageTest";
            }
        });
        return records;
    }

    private static void release() {
        for (Handler h : LOGGER.getHandlers()) {
            if ("PhotoStoreOutageTest".equals(h.toString())) {
                LOGGER.removeHandler(h);
            }
        }
    }

    private static List<String> messages(List<LogRecord> logged, Level level) {
        return logged.stream()
                .filter(r -> r.getLevel().intValue() == level.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .toList();
    }

    private static List<String> warnings(List<LogRecord> logged) {
        return messages(logged, Level.WARNING);
    }

    private static List<String> errors(List<LogRecord> logged) {
        return logged.stream()
                .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogRecord::getMessage)
                .toList();
    }
}
