package cn.suishoupai.report;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded S3 server (S3Proxy over a filesystem blob store) as a process of its own, for
 * bench/intake.sh. Like the tests' IsolatedS3 it loads S3Proxy from a class loader of the class
 * path without Maven's Guice 5, which would clash with jclouds' Guice 7.
 *
 * <pre>java -cp target/test-classes:target/classes:... cn.suishoupai.report.BenchS3 DIR PORT ACCESS_KEY SECRET_KEY</pre>
 *
 * Prints "S3 ready http://127.0.0.1:PORT" and serves until killed.
 */
public final class BenchS3 {

    private BenchS3() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: BenchS3 DIR PORT ACCESS_KEY SECRET_KEY");
            System.exit(2);
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()
                    && !entry.contains("/com/google/inject/guice/5.")
                    && !entry.contains("org.eclipse.sisu")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> c = loader.loadClass("cn.suishoupai.media.EmbeddedS3Server");
        Object server = c.getMethod("start", Path.class, int.class, String.class, String.class)
                .invoke(null, Path.of(args[0]), Integer.parseInt(args[1]), args[2], args[3]);
        URI endpoint = (URI) c.getMethod("endpoint").invoke(server);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ((AutoCloseable) server).close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("S3 ready " + endpoint);
        System.out.flush();
        Thread.currentThread().join();
    }
}
