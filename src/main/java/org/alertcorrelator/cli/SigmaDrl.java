package org.alertcorrelator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.sigma.SigmaCompiler;

/** {@code check --show-drl FILE.yml}: the DRL generated from one Sigma file. */
final class SigmaDrl {
    private SigmaDrl() {
    }

    static Integer print(Path rulesDir, Path file) {
        if (!Files.isRegularFile(file)) {
            System.err.println("error: " + file + ": no such file");
            return Main.USAGE_OR_INPUT_ERROR;
        }
        List<Path> yml = new ArrayList<>();
        if (Files.isDirectory(rulesDir)) {
            try (Stream<Path> s = Files.list(rulesDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().forEach(yml::add);
            } catch (IOException e) {
                System.err.println("error: " + rulesDir + ": " + e.getMessage());
                return Main.USAGE_OR_INPUT_ERROR;
            }
        }
        Path target = file.toAbsolutePath().normalize();
        Path same = yml.stream().filter(p -> p.toAbsolutePath().normalize().equals(target)).findFirst().orElse(null);
        if (same == null) {
            yml.add(file);
            same = file;
        }
        SigmaCompiler.Result r = SigmaCompiler.compile(yml);
        if (!r.errors().isEmpty()) {
            r.errors().forEach(e -> System.out.println(e));
            System.err.println(file + ": " + r.errors().size() + " error(s)");
            return Main.RULES_OR_TEST_FAILED;
        }
        System.out.print(r.drl().get(same));
        return Main.OK;
    }

}
