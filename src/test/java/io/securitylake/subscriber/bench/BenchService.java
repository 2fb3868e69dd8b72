package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.SubscriberApplication;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as the benchmark runs it: its own JVM with default settings, configured by system properties.
 * Replies {@code ready} once it consumes (databases migrated, consumer route started); on stdin, {@code stats}
 * replies {@code <json>} (peak heap, peak RSS, CPU) and {@code stop} (or end of input) shuts it down.
 */
public final class BenchService {

    private static final String READY = "ready";

    private BenchService() {
    }

    /** Starts the service in its own JVM and waits until it consumes. */
    static ServiceProcess start(Map<String, String> properties, List<String> jvmOptions, Path log) throws Exception {
        return ready(launch(properties, jvmOptions, log), log, Duration.ofSeconds(180));
    }

    /** Starts the service in its own JVM without waiting: several start at once, then {@link #ready} each. */
    static ServiceProcess launch(Map<String, String> properties, List<String> jvmOptions, Path log) {
        return ServiceProcess.start("bench-service", BenchService.class.getName(), properties, jvmOptions, log, 0,
                "stop");
    }

    /** Waits until the launched service consumes; kills it if it does not within {@code timeout}. */
    static ServiceProcess ready(ServiceProcess service, Path log, Duration timeout) throws Exception {
        try {
            if (!READY.equals(service.reply(timeout))) {
                throw new IllegalStateException("the service did not start; see " + log);
            }
            return service;
        } catch (Exception e) {
            service.kill();
            throw e;
        }
    }

    /** Peak heap, peak RSS and CPU of the service so far. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stats(ServiceProcess service) throws Exception {
        service.tell("stats");
        return new ObjectMapper().readValue(service.reply(Duration.ofSeconds(30)), Map.class);
    }

    public static void main(String[] args) throws Exception {
        MemoryWatch memory = MemoryWatch.start();
        ConfigurableApplicationContext context = SpringApplication.run(SubscriberApplication.class, args);
        CamelContext camel = context.getBean(CamelContext.class);
        while (!camel.getRouteController().getRouteStatus("lake-notifications").isStarted()) {
            Thread.sleep(100); // the start-up task migrates the databases first, then starts consuming
        }
        System.out.println(ServiceProcess.REPLY + READY);
        ObjectMapper json = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null && !"stop".equals(line.trim()); line = in.readLine()) {
            if ("stats".equals(line.trim())) {
                System.out.println(ServiceProcess.REPLY + json.writeValueAsString(memory.figures()));
            }
        }
        context.close();
        System.exit(0);
    }
}
