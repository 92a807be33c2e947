package org.alertcorrelator.scenario;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Writes scenario results as a JUnit XML report, for CI systems that show test results. */
public final class JUnitXml {
    private JUnitXml() {
    }

    public static void write(List<ScenarioResult> results, Writer out) throws IOException {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToLong(ScenarioResult::millis).sum() / 1000.0;
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write(String.format(Locale.ROOT, "<testsuite name=\"alert-correlator scenarios\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n",
                results.size(), failures, seconds));
        for (ScenarioResult r : results) {
            out.write(String.format(Locale.ROOT, "  <testcase classname=\"scenarios\" name=\"%s\" time=\"%.3f\"",
                    escape(r.scenario().name()), r.millis() / 1000.0));
            if (r.passed()) {
                out.write("/>\n");
                continue;
            }
            out.write(">\n");
            String message = r.error() != null ? r.error() : r.differences().size() + " difference(s)";
            String body = r.error() != null ? r.error() : String.join("\n", r.differences());
            out.write("    <failure message=\"" + escape(message) + "\">" + escape(body) + "</failure>\n");
            out.write("  </testcase>\n");
        }
        out.write("</testsuite>\n");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append('?');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
