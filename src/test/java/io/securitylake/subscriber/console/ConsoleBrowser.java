package io.securitylake.subscriber.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (no Selenium Manager, no browser download), with a
 * fresh profile and a download folder; screenshots go to {@code target/console/}, axe-core (WebJar) is injected
 * to check accessibility. Tests that need it skip, saying why, where chromium or chromedriver is absent.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path OUT = Path.of("target", "console");
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    final Path downloads;
    private final String base;
    private final Path profile;

    private ConsoleBrowser(String base) throws IOException {
        this.base = base;
        Files.createDirectories(OUT);
        this.profile = Files.createTempDirectory("console-chromium-");
        this.downloads = Files.createDirectories(OUT.resolve("downloads").toAbsolutePath());
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    /** A browser on the service at the port, or the test is skipped (with the reason) where there is none. */
    static ConsoleBrowser open(int port) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need Debian's chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver");
        try {
            return new ConsoleBrowser("http://localhost:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void go(String pathAndHash) {
        driver.get(base + pathAndHash);
    }

    WebElement waitFor(String css) {
        return wait(Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Waits until the element's text contains the text; returns that text. */
    String waitForText(String css, String text) {
        return wait(Duration.ofSeconds(20)).until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                String t = e.getText();
                if (t.contains(text)) {
                    return t;
                }
            }
            return null;
        });
    }

    /** A wait whose timeout says what the page showed (and saves a screenshot of it). */
    WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable cause) {
                screenshot("timeout");
                return super.timeoutException(message + "; the page shows: "
                        + driver.findElement(By.tagName("body")).getText(), cause);
            }
        };
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Forgets the tab's sign-in: clears its storage on a page of the origin that runs no console code (a sign-in
     * check still under way on the console page would store the key again).
     */
    void forget() {
        go("/console/console.css");
        script("sessionStorage.clear()");
    }

    void signIn(String key) {
        go("/");
        WebElement input = waitFor("#api-key");
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.id("sign-in")).click();
        try {
            waitFor("#nav a");
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failed-sign-in");
            throw new AssertionError("not signed in; the page says: " + driver.findElement(By.tagName("body")).getText()
                    + "; browser log: " + driver.manage().logs().get("browser").getAll(), e);
        }
    }

    void signOut() {
        driver.findElement(By.id("sign-out")).click();
        waitFor("#api-key");
    }

    void width(int px) {
        driver.manage().window().setSize(new Dimension(px, 900));
    }

    /**
     * The elements that reach past the window's right edge where their parent does not (tag, id, classes, right
     * edge in px): empty when the page does not scroll sideways.
     */
    @SuppressWarnings("unchecked")
    List<String> widerThanTheWindow() {
        return (List<String>) script("""
                const w = window.innerWidth, out = [];
                if (document.documentElement.scrollWidth <= w) return out;
                for (const e of document.querySelectorAll('body *')) {
                  const r = e.getBoundingClientRect();
                  const p = e.parentElement.getBoundingClientRect();
                  if (r.right > w + 1 && (e.parentElement === document.body || p.right <= w + 1)) {
                    out.push(`${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')} right=${Math.round(r.right)}`);
                  }
                }
                return out.length ? out.slice(0, 10) : ['the page is ' + document.documentElement.scrollWidth + ' px wide'];""");
    }

    /** Saves a screenshot of the whole page as target/console/name.png. */
    Path screenshot(String name) {
        try {
            Path file = OUT.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** axe-core's serious and critical violations on the page as it is now, one line each. */
    List<String> seriousViolations() {
        if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object'"))) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(AXE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE + " is not on the test classpath");
                }
                script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String result = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e)}])));");
        List<String> serious = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(result)) {
                String impact = v.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    List<String> targets = new ArrayList<>();
                    v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                    serious.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " " + targets);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return serious;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
