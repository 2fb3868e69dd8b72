package io.securitylake.subscriber.console;

import io.securitylake.subscriber.api.ApiTestSupport;
import org.junit.jupiter.api.AfterAll;

/**
 * What every console browser test shares: one headless Chromium ({@link ConsoleBrowser}) per test class, opened on
 * first use against the service under test and closed after the class's last test. Test classes run one after the
 * other, so one field serves them all.
 */
abstract class ConsoleBrowserSupport extends ApiTestSupport {

    /** This class's browser, null until {@link #openBrowser()}. */
    static ConsoleBrowser browser;

    /** Opens the class's browser unless open (skips the test, saying why, where Chromium is absent). */
    void openBrowser() {
        if (browser == null) {
            browser = ConsoleBrowser.open(port);
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
