package org.alertcorrelator.ruleset;

import java.util.List;
import java.util.stream.Collectors;

/** The rule set did not build; {@link #problems()} says where and why. */
public class RuleSetException extends RuntimeException {
    private final transient List<BuildProblem> problems;

    public RuleSetException(List<BuildProblem> problems) {
        super(problems.stream().filter(BuildProblem::isError).map(BuildProblem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<BuildProblem> problems() {
        return problems;
    }
}
