package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The service in a child JVM ({@link BenchService}) on the benchmark's class path; its output goes to a log file. */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter control;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private ServiceProcess(Process process) {
        this.process = process;
        this.control = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ServiceProcess start(Map<String, String> properties, List<String> jvmOptions, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchService.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServiceProcess service = new ServiceProcess(process);
        Writer out = Files.newBufferedWriter(log);
        Thread pump = new Thread(() -> service.pump(out), "service-output");
        pump.setDaemon(true);
        pump.start();
        String ready = service.replies.poll(180, TimeUnit.SECONDS);
        if (!BenchService.READY.equals(ready)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not start; see " + log);
        }
        return service;
    }

    private void pump(Writer log) {
        try (log; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(BenchService.READY)) {
                    replies.add(line);
                } else if (line.startsWith(BenchService.STATS)) {
                    replies.add(line.substring(BenchService.STATS.length()));
                } else {
                    log.write(line);
                    log.write('\n');
                }
            }
        } catch (IOException e) {
            // the service ended
        }
    }

    /** Peak heap, peak RSS and CPU of the service so far. */
    @SuppressWarnings("unchecked")
    Map<String, Object> stats() throws Exception {
        control.println("stats");
        String reply = replies.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException("the service did not report its figures");
        }
        return new ObjectMapper().readValue(reply, Map.class);
    }

    @Override
    public void close() throws Exception {
        control.println("stop");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
