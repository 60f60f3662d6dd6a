package cn.suishoupai.support;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code EmbeddedS3Server} in a class loader of its own. S3Proxy's jclouds/Guice stack does
 * not survive the test class path as is: Maven's resolver, which Quarkus's test framework uses,
 * brings Guice 5 next to jclouds' Guice 7. The tests therefore start it from a class loader of
 * the test class path without the second Guice, isolated from the application.
 */
public final class IsolatedS3 implements AutoCloseable {

    private final URLClassLoader loader;
    private final AutoCloseable server;
    private final URI endpoint;

    private IsolatedS3(URLClassLoader loader, AutoCloseable server, URI endpoint) {
        this.loader = loader;
        this.server = server;
        this.endpoint = endpoint;
    }

    public static IsolatedS3 start(Path dir, String accessKey, String secretKey) throws Exception {
        return start(dir, 0, accessKey, secretKey);
    }

    /** On this port (0: a free one); starting again on a closed server's port and directory brings it back. */
    public static IsolatedS3 start(Path dir, int port, String accessKey, String secretKey) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            // Maven's resolver (a test dependency of Quarkus) brings Guice 5 beside jclouds' Guice 7
            if (!entry.isBlank()
                    && !entry.contains("/com/google/inject/guice/5.")
                    && !entry.contains("org.eclipse.sisu")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            Class<?> c = loader.loadClass("cn.suishoupai.media.EmbeddedS3Server");
            Object server = c.getMethod("start", Path.class, int.class, String.class, String.class)
                    .invoke(null, dir, port, accessKey, secretKey);
            URI endpoint = (URI) c.getMethod("endpoint").invoke(server);
            return new IsolatedS3(loader, (AutoCloseable) server, endpoint);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.close();
        loader.close();
    }
}
