package org.alertcorrelator;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alertcorrelator.engine.EntityTrack;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Arrival;
import org.alertcorrelator.model.Clock;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Link;
import org.alertcorrelator.model.Raise;
import org.junit.jupiter.api.Test;

/**
 * The README's table of facts is rendered from the classes themselves: every property a rule may read (a getter, or
 * a record component) with its Java type. A property added, removed or retyped in the code fails this test until
 * the README says the same; the message holds the table to paste.
 */
class FactTableTest {
    static final String START = "<!-- fact-table:start (generated from the fact classes; FactTableTest keeps it true) -->";
    static final String END = "<!-- fact-table:end -->";

    /** The facts rules match, with what they are and how long they live. */
    static final Map<Class<?>, String> FACTS = new LinkedHashMap<>();
    static {
        FACTS.put(Alert.class, "event in the stream of alerts (from the last rule for the alert on, when a rule matches alerts there: `stream.isMatched()`); leaves working memory one window after its event time (`@expires`)");
        FACTS.put(Arrival.class, "fact, one per alert being processed; the last rule for the alert deletes it");
        FACTS.put(Entity.class, "value (a record), reached with `from $a.entities`");
        FACTS.put(EntityTrack.class, "fact on the entry point `\"entities to judge\"` once, then reached with `from $arrival.tracks`; forgotten a window after its entity was last seen");
        FACTS.put(Link.class, "fact, inserted by the linking rule and deleted by the grouping rules at once");
        FACTS.put(AlertGroup.class, "fact, the incident in the making; leaves working memory a window after its last activity (its incident stays)");
        FACTS.put(Clock.class, "fact, one; moves every `sweepInterval` of event time");
        FACTS.put(Raise.class, "fact a rule inserts to raise an incident; deleted once processed (`48-raised-by-rules.drl`)");
    }

    static Map<String, String> properties(Class<?> c) {
        Map<String, String> out = new TreeMap<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) out.put(rc.getName(), type(rc.getGenericType().getTypeName()));
            return out;
        }
        for (Method m : c.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
            String n = m.getName();
            String prop;
            if (n.startsWith("get") && n.length() > 3 && Character.isUpperCase(n.charAt(3))) prop = n.substring(3);
            else if (n.startsWith("is") && n.length() > 2 && Character.isUpperCase(n.charAt(2)) && m.getReturnType() == boolean.class) prop = n.substring(2);
            else continue;
            out.put(Character.toLowerCase(prop.charAt(0)) + prop.substring(1), type(m.getGenericReturnType().getTypeName()));
        }
        return out;
    }

    static String type(String name) {
        return name.replaceAll("[a-z][\\w]*\\.", "").replace("$", ".");
    }

    static String render() {
        StringBuilder b = new StringBuilder("| fact | what it is, how long it lives | properties a rule may read (Java type) |\n|---|---|---|\n");
        for (Map.Entry<Class<?>, String> e : FACTS.entrySet()) {
            List<String> props = new ArrayList<>();
            properties(e.getKey()).forEach((name, type) -> props.add("`" + name + "` " + type.replace("<", "&lt;").replace(">", "&gt;")));
            b.append("| `").append(e.getKey().getSimpleName()).append("` (").append(e.getKey().getPackageName().replace("org.alertcorrelator.", ""))
                    .append(") | ").append(e.getValue()).append(" | ").append(String.join(", ", props)).append(" |\n");
        }
        return b.toString();
    }

    @Test
    void theReadmeFactTableIsTheCodes() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        String expected = render();
        assertTrue(start >= 0 && end > start, "README.md has no fact table; paste:\n" + START + "\n" + expected + END);
        assertEquals(expected.strip(), readme.substring(start + START.length(), end).strip(),
                "README.md's fact table differs from the code; paste:\n" + START + "\n" + expected + END);
    }

    @Test
    void propertiesAreReadFromTheCode() {
        assertEquals("Severity", properties(Alert.class).get("severity"));
        assertEquals("List<String>", properties(Alert.class).get("hostKeys"));
        assertEquals("String", properties(Entity.class).get("type"));
        assertEquals("List<Alert>", properties(AlertGroup.class).get("members"));
    }

    public static void main(String[] args) {
        System.out.println(START + "\n" + render() + END);
    }
}
