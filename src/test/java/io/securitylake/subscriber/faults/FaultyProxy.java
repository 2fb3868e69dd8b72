package io.securitylake.subscriber.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback in front of a real server (PostgreSQL, S3), whose behaviour a test switches:
 * pass traffic through (or slowly, at {@link #slowRate(long)} bytes a second), refuse connections (server down), hang without answering (timeouts), or answer every
 * HTTP request with 503 Slow Down (S3 5xx). Switching mode cuts every open connection, as a crash would.
 */
public final class FaultyProxy implements AutoCloseable {

    public enum Mode { PASS, SLOW, REFUSE, HANG, HTTP_503 }

    private static final byte[] SLOW_DOWN = ("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\n"
            + "Content-Length: 87\r\nConnection: close\r\n\r\n"
            + "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long requests;
    private volatile long slowBytesPerSecond = 256 * 1024;

    public FaultyProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon("proxy-accept-" + port(), this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** Connections accepted while not in PASS mode (each a failed attempt of the client). */
    public long faultedConnections() {
        return requests;
    }

    public void slowRate(long bytesPerSecond) {
        slowBytesPerSecond = bytesPerSecond;
    }

    public synchronized void mode(Mode next) {
        mode = next;
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Mode now = mode;
                if (now != Mode.PASS && now != Mode.SLOW) {
                    requests++;
                }
                switch (now) {
                    case PASS, SLOW -> forward(client);
                    case REFUSE -> close(client);
                    case HANG -> {
                        open.add(client);
                        daemon("proxy-hang", () -> drain(client));
                    }
                    case HTTP_503 -> daemon("proxy-503", () -> slowDown(client));
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void forward(Socket client) throws IOException {
        Socket target;
        try {
            target = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            close(client);
            return;
        }
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        open.add(client);
        open.add(target);
        daemon("proxy-up", () -> pump(client, target));
        daemon("proxy-down", () -> pump(target, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (mode == Mode.SLOW) {
                    Thread.sleep(n * 1000L / slowBytesPerSecond);
                }
            }
        } catch (IOException | InterruptedException e) {
            // a cut connection ends here
        } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private void drain(Socket client) {
        try (InputStream in = client.getInputStream()) {
            while (in.read(new byte[8192]) >= 0) {
                // read and never answer
            }
        } catch (IOException e) {
            // closed by a mode change or by the client's timeout
        }
    }

    private void slowDown(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            out.write(SLOW_DOWN);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        mode(Mode.REFUSE);
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
