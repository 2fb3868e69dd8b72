package io.securitylake.subscriber.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own on the test class path, for the fault tests (kill -9, SIGTERM, competing
 * consumers, a small heap) and the benchmark. Its output goes to a log file, except lines starting with
 * {@link #REPLY}: those are answers to the test (a main class that talks over stdin and stdout, as the
 * benchmark's does). Always close it: a process still alive is asked to stop when it understands a stop line,
 * then killed (-9).
 */
public final class ServiceProcess implements AutoCloseable {

    /** JVM options that start a small service fast on a busy machine (C1 only: correctness tests, not speed). */
    public static final List<String> QUICK_START = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xss512k");
    /** Prefix of a line the process writes for the test rather than for its log. */
    public static final String REPLY = "@@lake-reply ";

    private static final String SUBSCRIBER = "io.securitylake.subscriber.SubscriberApplication";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final String stopLine;
    private final PrintWriter input;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private ServiceProcess(String name, Process process, int port, Path log, String stopLine) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopLine = stopLine;
        this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The subscriber on a free port of its own, logging to {@code target/faults/<name>.log}. */
    public static ServiceProcess subscriber(String name, Map<String, String> settings, List<String> jvmOptions) {
        try {
            int port = freePort();
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-Dserver.port=" + port);
            return start(name, SUBSCRIBER, settings, options, Path.of("target", "faults", name + ".log"), port, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The packaged jar ({@code java -jar}: its own class path, none of the tests') on a free port of its own,
     * logging to {@code target/faults/<name>.log}.
     */
    public static ServiceProcess packagedJar(String name, Path jar, Map<String, String> settings,
                                             List<String> jvmOptions) {
        try {
            int port = freePort();
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-Dserver.port=" + port);
            return launch(name, List.of("-jar", jar.toAbsolutePath().toString()), settings, options,
                    Path.of("target", "faults", name + ".log"), port, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any main class of the test class path with these system properties; {@code port} is its HTTP port for
     * {@link #ready()} (0: none), {@code stopLine} what it reads on stdin as a request to stop (null: none).
     */
    public static ServiceProcess start(String name, String mainClass, Map<String, String> settings,
                                       List<String> jvmOptions, Path log, int port, String stopLine) {
        return launch(name, List.of("-cp", System.getProperty("java.class.path"), mainClass), settings, jvmOptions,
                log, port, stopLine);
    }

    private static ServiceProcess launch(String name, List<String> program, Map<String, String> settings,
                                         List<String> jvmOptions, Path log, int port, String stopLine) {
        try {
            Path file = log.toAbsolutePath();
            Files.createDirectories(file.getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(program);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ServiceProcess service = new ServiceProcess(name, process, port, file, stopLine);
            Writer out = Files.newBufferedWriter(file);
            Thread pump = new Thread(() -> service.pump(out), name + "-output");
            pump.setDaemon(true);
            pump.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(Writer out) {
        try (out; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(REPLY)) {
                    replies.add(line.substring(REPLY.length()));
                } else {
                    out.write(line);
                    out.write('\n');
                    out.flush(); // read by logLines while the process runs
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its HTTP port (0: none). */
    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Writes one line to the process's stdin. */
    public void tell(String line) {
        input.println(line);
    }

    /** The next {@link #REPLY} line of the process, without the prefix; fails after the timeout. */
    public String reply(Duration timeout) throws InterruptedException {
        String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new IllegalStateException(name + " did not reply within " + timeout + "; see " + log);
        }
        return reply;
    }

    /** True when {@code /actuator/health/readiness} answers 200 (migrated, consuming). */
    public boolean ready() {
        if (port == 0) {
            throw new IllegalStateException(name + " has no HTTP port");
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9: no shutdown hook, no finally block runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the JVM to exit; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Lines of its log that contain the text and not the exception. */
    public long logLines(String text, String except) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text) && !l.contains(except)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && stopLine != null) {
            tell(stopLine);
            process.waitFor(60, TimeUnit.SECONDS);
        }
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
