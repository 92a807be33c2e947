package org.alertcorrelator.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads security alerts from files or posted bodies into {@link org.alertcorrelator.model.Alert}s, whatever
 * their format: Defender for Cloud REST alerts (one, an array or a list page), Defender continuous export /
 * workflow automation JSON, or Sentinel / Log Analytics SecurityAlert rows as JSON, JSON lines or CSV. The
 * format is told from the content; one replay may mix formats, even within one file.
 *
 * <p>A record that cannot be read becomes a {@link RecordError} and the rest is still read; in strict mode the
 * first one is thrown as an {@link InputException}. Input that is no alert text at all (missing, a directory,
 * empty, binary) is always an {@link InputException} with a message for the user.
 *
 * <p>Thread-safe: one reader can serve concurrent requests.
 */
public final class AlertReader {
    // The caller owns a posted body's stream; a file's stream is closed by read(Path).
    // Trailing commas are accepted: Microsoft's own published examples have them (Graph incidents with alerts).
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build())
            .configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
    private final AlertFieldReader fieldReader = new AlertFieldReader();
    private final AlertMapper alertMapper;
    private final VendorAlertMapper vendorMapper;

    public AlertReader() {
        this(Interner.shared());
    }

    public AlertReader(Interner interner) {
        this(interner, RecordLimits.DEFAULT);
    }

    /** A reader with other limits (the service's {@code max-entities-per-alert}). */
    public AlertReader(RecordLimits limits) {
        this(Interner.shared(), limits);
    }

    public AlertReader(Interner interner, RecordLimits limits) {
        this.alertMapper = new AlertMapper(json, interner, limits);
        this.vendorMapper = new VendorAlertMapper(interner, limits);
    }

    /** Reads one file; errors name it as given. */
    public ReadResult read(Path file, boolean strict) {
        String source = file.toString();
        return readFile(file, new RecordCollector(source, strict, alertMapper));
    }

    /**
     * Reads one file record by record, handing each to {@code sink} as soon as it is read, without keeping
     * the records (nor, unless asked, their original text): for replays of large files. The result holds the
     * errors, warnings and formats; its record list is empty.
     */
    public ReadResult stream(Path file, boolean strict, boolean keepOriginal, RecordSink sink) {
        return readFile(file, new RecordCollector(file.toString(), strict, alertMapper, sink, keepOriginal));
    }

    private ReadResult readFile(Path file, RecordCollector out) {
        String source = file.toString();
        if (Files.isDirectory(file)) throw new InputException(source + ": is a directory, not a file");
        if (!Files.exists(file)) throw new InputException(source + ": no such file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(source, in, out);
        } catch (NoSuchFileException e) {
            throw new InputException(source + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new InputException(source + ": cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + JsonAlertSource.shortMessage(e), e);
        }
    }

    /** Reads several files, in the order given, as one result. */
    public ReadResult read(List<Path> files, boolean strict) {
        List<ReadResult> results = new ArrayList<>(files.size());
        for (Path f : files) results.add(read(f, strict));
        return ReadResult.combine(results);
    }

    /**
     * Reads a stream (a posted body: a JSON object, array or list page, JSON lines, or CSV).
     *
     * @param sourceName how errors name the input
     */
    public ReadResult read(String sourceName, InputStream content, boolean strict) {
        return read(sourceName, content, new RecordCollector(sourceName, strict, alertMapper));
    }

    private ReadResult read(String sourceName, InputStream content, RecordCollector out) {
        try {
            FormatDetector.Detected d = FormatDetector.detect(sourceName, content);
            if (d.warning() != null) out.warning(0, 0, null, d.warning());
            if (d.kind() == FormatDetector.Kind.JSON) {
                new JsonAlertSource(json, fieldReader, out, vendorMapper).read(d.content());
            } else {
                new CsvAlertSource(out).read(new InputStreamReader(d.content(), StandardCharsets.UTF_8));
            }
            return out.result();
        } catch (IOException e) {
            throw new InputException(sourceName + ": cannot read: " + JsonAlertSource.shortMessage(e), e);
        } catch (UncheckedIOException e) {
            throw new InputException(sourceName + ": cannot read: " + JsonAlertSource.shortMessage(e.getCause()), e);
        }
    }
}
