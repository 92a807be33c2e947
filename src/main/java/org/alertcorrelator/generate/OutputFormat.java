package org.alertcorrelator.generate;

/** The formats {@code generate} writes: the ones the readers take. */
public enum OutputFormat {
    /** Defender for Cloud continuous export: one flat PascalCase JSON record per line (the default). */
    EXPORT("export"),
    /** Defender for Cloud REST API alerts: one JSON array of ARM resources. */
    REST_JSON("rest-json"),
    /** Sentinel / Log Analytics SecurityAlert rows as CSV. */
    SENTINEL_CSV("sentinel-csv"),
    /** Sentinel / Log Analytics SecurityAlert rows as JSON lines. */
    SENTINEL_JSONL("sentinel-jsonl");

    private final String label;

    OutputFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The file name extension that suits the format. */
    public String extension() {
        return switch (this) {
            case EXPORT, SENTINEL_JSONL -> "jsonl";
            case REST_JSON -> "json";
            case SENTINEL_CSV -> "csv";
        };
    }

    public static OutputFormat parse(String text) {
        for (OutputFormat f : values()) if (f.label.equalsIgnoreCase(text) || f.name().equalsIgnoreCase(text)) return f;
        throw new IllegalArgumentException("unknown format \"" + text + "\" (export, rest-json, sentinel-csv, sentinel-jsonl)");
    }

    @Override
    public String toString() {
        return label;
    }
}
