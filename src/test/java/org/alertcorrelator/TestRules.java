package org.alertcorrelator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Rules folders for tests: the default rules (rules/) with a test's own files laid over them. */
public final class TestRules {
    private TestRules() {
    }

    /** The files of {@code folders}, in order, copied into {@code dir} (a later folder's file replaces an earlier one's). */
    public static Path layered(Path dir, Path... folders) throws IOException {
        Files.createDirectories(dir);
        for (Path from : folders) {
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** The default rules copied into {@code dir}, with {@code drl} written beside them as {@code file}. */
    public static Path defaultRulesWith(Path dir, String file, String drl) throws IOException {
        layered(dir, Path.of("rules"));
        Files.writeString(dir.resolve(file), drl);
        return dir;
    }
}
