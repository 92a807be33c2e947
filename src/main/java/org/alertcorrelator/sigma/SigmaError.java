package org.alertcorrelator.sigma;

import java.nio.file.Path;

/** A problem in a Sigma file: the file, the YAML line (1-based; 0 for the whole file), the key, what is wrong. */
public record SigmaError(Path file, int line, String key, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message;
    }

    /** The message as BuildProblem shows it after FILE:LINE. */
    public String text() {
        return (key == null || key.isEmpty() ? "" : key + ": ") + message;
    }
}
