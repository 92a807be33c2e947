package org.alertcorrelator.ingest;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The sample files under src/test/resources/ingest, and reading text as a posted body. */
final class TestFiles {
    static final AlertReader READER = new AlertReader();

    private TestFiles() {
    }

    static Path sample(String name) {
        URL url = TestFiles.class.getResource("/ingest/" + name);
        if (url == null) throw new IllegalArgumentException("no sample " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ReadResult read(String name) {
        return READER.read(sample(name), false);
    }

    static ReadResult readText(String sourceName, String content) {
        return READER.read(sourceName, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), false);
    }
}
