package org.alertcorrelator.bench;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * The plain-Java reference correlator, found by name on the class path. It lives in the test sources (it is the
 * oracle of the differential test, not part of the product), so the benchmark has it only when run with
 * {@code target/test-classes} on the class path; without, the Drools/reference ratio is reported as missing.
 */
final class Reference {
    static final String CLASS = "org.alertcorrelator.reference.ReferenceCorrelator";

    private Reference() {
    }

    static boolean available() {
        try {
            Class.forName(CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Sorts and correlates a list, as {@code Replay.correlate} does. */
    @SuppressWarnings("unchecked")
    static BiFunction<RuleSet, List<Alert>, List<Incident>> batch() {
        try {
            return (BiFunction<RuleSet, List<Alert>, List<Incident>>) Class.forName(CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the reference correlator: " + e, e);
        }
    }

    /** A correlator taking alerts one by one, in event-time order. */
    @SuppressWarnings("unchecked")
    static Consumer<Alert> streaming(RuleSet rules) {
        try {
            return (Consumer<Alert>) Class.forName(CLASS).getConstructor(RuleSet.class).newInstance(rules);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the reference correlator: " + e, e);
        }
    }
}
