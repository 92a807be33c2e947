package org.alertcorrelator.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The statuses {@code openapi.yaml} documents per operation. {@link TestService} checks every answer any service
 * test gets against it, so a status the service answers but the description does not list fails the test that
 * met it. Jetty's own answers to a request no operation takes (bad URI, no such endpoint, method not allowed,
 * URI or headers too long) are documented once in the description's introduction.
 */
final class OpenApiStatuses {
    /** Statuses any request may get before an operation takes it (listed in info.description). */
    static final Set<Integer> ANY_REQUEST = Set.of(400, 404, 405, 414, 431);

    private record Operation(String method, Pattern path, String template, Set<Integer> statuses) {
    }

    private static final Map<String, Operation> OPERATIONS = load();

    private OpenApiStatuses() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Operation> load() {
        try (InputStream in = OpenApiStatuses.class.getResourceAsStream("/openapi.yaml")) {
            Map<String, Object> doc = new Yaml().load(in);
            Map<String, Operation> ops = new LinkedHashMap<>();
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
            paths.forEach((template, methods) -> methods.forEach((method, op) -> {
                if (method.equals("parameters")) return;
                Set<Integer> statuses = new TreeSet<>();
                ((Map<Object, Object>) ((Map<String, Object>) op).get("responses")).keySet()
                        .forEach(k -> statuses.add(Integer.parseInt(k.toString())));
                Pattern p = Pattern.compile(template.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+"));
                ops.put(method.toUpperCase() + " " + template, new Operation(method.toUpperCase(), p, template, statuses));
            }));
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented operations, as "METHOD /template". */
    static Set<String> operations() {
        return OPERATIONS.keySet();
    }

    /** The documented statuses of an operation, or null if none is documented for this method and path. */
    static Set<Integer> documented(String method, String path) {
        for (Operation o : OPERATIONS.values()) {
            if (o.method.equals(method) && o.path.matcher(path).matches()) return o.statuses;
        }
        return null;
    }

    /** Why an answer is not as documented, or null when it is. */
    static String problem(String method, String path, int status) {
        Set<Integer> statuses = documented(method, path);
        if (statuses == null) {
            // no operation: only Jetty's answers, and the static files of the web view
            return ANY_REQUEST.contains(status) || status == 200 && path.startsWith("/web/") ? null
                    : method + " " + path + " answered " + status + " but openapi.yaml has no such operation";
        }
        // Jetty refuses a URI or headers too long before any operation sees the request
        if (statuses.contains(status) || status == 414 || status == 431) return null;
        return method + " " + path + " answered " + status + ", not among the statuses openapi.yaml documents for it " + statuses;
    }
}
