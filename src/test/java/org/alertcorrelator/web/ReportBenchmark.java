package org.alertcorrelator.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * How a {@code replay --html} report behaves in a real headless Chromium: its size, the time from navigation to
 * the summary and incident list drawn (median of 5), and the time to open (draw) every incident in it.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.alertcorrelator.web.ReportBenchmark REPORT.html
 * </pre>
 */
public final class ReportBenchmark {
    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]).toAbsolutePath();
        try (Browser b = Browser.start()) {
            List<Double> open = new ArrayList<>();
            int incidents = 0;
            for (int i = 0; i < 5; i++) {
                b.driver.get("about:blank");
                b.driver.get(report.toUri().toString());
                b.wait.until(d -> !d.findElements(By.cssSelector(".incident-count")).isEmpty());
                open.add(((Number) b.js("return performance.now();")).doubleValue());
                incidents = b.driver.findElements(By.cssSelector(".report-incident")).size();
            }
            long t0 = System.nanoTime();
            int marks = 0;
            for (WebElement d : b.driver.findElements(By.cssSelector(".report-incident"))) {
                b.js("arguments[0].open = true;", d);
            }
            int n = incidents;
            b.wait.until(d -> ((Number) b.js("return document.querySelectorAll('details.report-incident > article.incident').length;")).intValue() == n);
            marks = ((Number) b.js("return document.querySelectorAll('.timeline-svg circle.mark').length;")).intValue();
            double all = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "report: %,d bytes, %d incidents%n", Files.size(report), incidents);
            System.out.printf(Locale.ROOT, "summary and list drawn after navigation: median %.0f ms, worst %.0f ms%n",
                    QueueBenchmark.median(open), QueueBenchmark.max(open));
            System.out.printf(Locale.ROOT, "every incident opened and drawn: %.0f ms (%d timeline marks)%n", all, marks);
            if (!b.severeConsole().isEmpty()) throw new IllegalStateException("console errors: " + b.severeConsole());
        }
    }
}
