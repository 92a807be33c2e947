package org.alertcorrelator.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, Debian's {@code chromium} driven through its {@code chromium-driver} (nothing is
 * downloaded at run time). Where they are not installed the browser tests are skipped, unless
 * {@code ALERTCORRELATOR_BROWSER_TESTS=required} (CI sets it) makes that a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ALERTCORRELATOR_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("ALERTCORRELATOR_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final WebDriver driver;
    final WebDriverWait wait;

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    static Browser start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && !"required".equals(System.getenv("ALERTCORRELATOR_BROWSER_TESTS"))) {
            Assumptions.abort("no " + CHROMIUM + " or " + DRIVER + ": apt-get install chromium chromium-driver");
        }
        if (!present) throw new AssertionError("browser tests required, but " + CHROMIUM + " or " + DRIVER + " is missing");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--force-device-scale-factor=1", "--lang=en-US",
                "--no-first-run", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().window().setSize(new Dimension(1400, 1000));
        return new Browser(d);
    }

    /** The browser's SEVERE console messages since the last call (script errors, CSP violations), not failed requests. */
    List<String> severeConsole() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // An API answer of 401/403 is logged by the browser too: that is the page working, not failing.
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("Failed to load resource")) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** A screenshot of the whole page (the window grown to the page's height), as PNG. */
    void screenshot(Path file, int maxHeight) throws IOException {
        Dimension before = driver.manage().window().getSize();
        Object h = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
        int height = Math.min(maxHeight, ((Number) h).intValue() + 20);
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), height)));
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.getParent());
        Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(before);
    }

    Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    static Map<String, Object> none() {
        return Map.of();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
