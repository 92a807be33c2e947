package org.alertcorrelator.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alertcorrelator.ruleset.RuleSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A rule set's files as one JSON object (name to content), kept in the store with each rule version. */
final class RuleFiles {
    private RuleFiles() {
    }

    static String json(RuleSet rules) {
        ObjectNode o = Json.object();
        for (Path f : rules.files()) {
            try {
                o.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                o.put(f.getFileName().toString(), "(unreadable: " + e.getMessage() + ")");
            }
        }
        return o.toString();
    }
}
