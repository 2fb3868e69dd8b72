package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.await;

import io.securitylake.subscriber.stack.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The service processes a test starts; every one is stopped after the test, whatever its outcome. */
final class ServiceProcesses implements AfterEachCallback {

    private final List<ServiceProcess> started = new ArrayList<>();

    /** Starts the service in a child JVM with these settings and waits until it is ready. */
    ServiceProcess startReady(String name, Map<String, String> settings, Duration wait) {
        ServiceProcess p = ServiceProcess.subscriber(name, settings, ServiceProcess.QUICK_START);
        started.add(p);
        await(wait, name + " is ready", p::ready);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (ServiceProcess p : started) {
            p.close();
        }
        started.clear();
    }
}
