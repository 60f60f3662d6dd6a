package cn.suishoupai.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny TCP load balancer in front of the drill's instances: each new client connection goes to the next backend in
 * turn; a backend that refuses the connection (killed, not yet listening) is skipped for the one after it. Bytes are
 * copied both ways until either side closes; a backend killed mid-request resets its client connections, as an
 * ingress would.
 */
final class RoundRobin implements AutoCloseable {

    private final ServerSocket server;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    private volatile boolean open = true;

    RoundRobin(List<Integer> backendPorts) throws IOException {
        this.backends = List.copyOf(backendPorts);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 256);
        Thread accept = new Thread(this::accept, "lb-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(client), "lb-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    private void serve(Socket client) {
        Socket backend = null;
        int start = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size() && backend == null; i++) {
            int port = backends.get((start + i) % backends.size());
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                backend = s;
            } catch (IOException e) {
                skipped.incrementAndGet();
                closeQuietly(s);
            }
        }
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        Socket b = backend;
        Thread up = new Thread(() -> pipe(client, b), "lb-up");
        up.setDaemon(true);
        up.start();
        pipe(b, client);
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
