package org.alertcorrelator.model;

/**
 * The session's event time, as one fact the housekeeping rules can join on. The engine moves it forward
 * every sweep interval (rules/settings.properties), not with every alert, so sweeping stays cheap.
 */
public final class Clock {
    private long now;
    private long windowStart;

    public Clock(long now, long windowMillis) {
        set(now, windowMillis);
    }

    public void set(long now, long windowMillis) {
        this.now = now;
        this.windowStart = now - windowMillis;
    }

    /** Event time now, epoch milliseconds. */
    public long getNow() {
        return now;
    }

    /** Now minus the correlation window: what ended before this is out of reach of any new alert. */
    public long getWindowStart() {
        return windowStart;
    }
}
