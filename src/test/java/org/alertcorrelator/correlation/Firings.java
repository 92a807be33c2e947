package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.List;

/** What the test rules saw fire: "name key [alert ids]" per firing (the test DRL calls {@link #record}). */
public final class Firings {
    private static final List<String> SEEN = new ArrayList<>();

    private Firings() {
    }

    public static synchronized void record(Window w) {
        SEEN.add(w.getName() + " " + w.getKey() + " " + w.getAlertIds());
    }

    /** The blocks of the session a test rule ran in (the test DRL calls {@code Firings.keep( blocks )}). */
    private static Blocks blocks;

    public static synchronized void keep(Blocks b) {
        blocks = b;
    }

    public static synchronized Blocks blocks() {
        return blocks;
    }

    public static synchronized List<String> drain() {
        List<String> out = new ArrayList<>(SEEN);
        SEEN.clear();
        return out;
    }
}
