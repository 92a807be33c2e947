package org.alertcorrelator.ruleset;

/**
 * One problem found while loading a rule set: the file (as the user named it), the line (0 when unknown),
 * whether it stops the build, and the message. Printed as {@code FILE:LINE: message}.
 */
public record BuildProblem(String file, int line, Level level, String message) {

    public enum Level { ERROR, WARNING }

    public static BuildProblem error(String file, int line, String message) {
        return new BuildProblem(file, line, Level.ERROR, message);
    }

    public static BuildProblem warning(String file, int line, String message) {
        return new BuildProblem(file, line, Level.WARNING, message);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return where + ": " + (level == Level.WARNING ? "warning: " : "") + message;
    }
}
