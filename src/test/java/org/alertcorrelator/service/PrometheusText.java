package org.alertcorrelator.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (version 0.0.4), as a scraper reads {@code /metrics}: every line is
 * a {@code # HELP}, a {@code # TYPE} or a sample of a family declared before it; anything else is an error.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private PrometheusText() {
    }

    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ")) {
                String[] p = line.substring(7).split(" ", 2);
                help.put(p[0], p.length > 1 ? p[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                if (p.length != 2) throw new AssertionError("line " + n + ": bad TYPE: " + line);
                if (families.containsKey(p[0])) throw new AssertionError("line " + n + ": family declared twice: " + p[0]);
                families.put(p[0], new Family(p[0], p[1], help.get(p[0]), new ArrayList<>()));
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) throw new AssertionError("line " + n + ": not a sample: " + line);
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    int end = 0;
                    while (l.find() && l.start() == end) {
                        labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                        end = l.end();
                    }
                    if (end != m.group(3).length()) throw new AssertionError("line " + n + ": bad labels: " + line);
                }
                Family f = familyOf(families, m.group(1));
                if (f == null) throw new AssertionError("line " + n + ": sample of no declared family: " + line);
                f.samples().add(new Sample(m.group(1), labels, value(m.group(4), line, n)));
            }
        }
        return families;
    }

    private static Family familyOf(Map<String, Family> families, String sample) {
        if (families.containsKey(sample)) return families.get(sample);
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                Family f = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (f != null && (f.type().equals("histogram") || f.type().equals("summary"))) return f;
            }
        }
        return null;
    }

    private static double value(String s, String line, int n) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + n + ": bad value: " + line);
                }
        }
    }
}
