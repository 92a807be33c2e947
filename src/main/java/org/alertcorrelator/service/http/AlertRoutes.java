package org.alertcorrelator.service.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ingest.RecordLimits;
import org.alertcorrelator.service.AlertIngest;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;
import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.store.Page;
import org.alertcorrelator.store.StoredAlert;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** POST /api/alerts (ingest), GET /api/alerts, /api/alerts/{id}, /api/alerts.csv. */
final class AlertRoutes {
    /** How posted bodies are named in record errors. */
    static final String SOURCE = "body";

    private final Services s;
    private final HttpApi api;
    private final AlertReader reader;
    /** POST /api/alerts requests in flight per token name: a token holds at most max-uploads-per-token. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> uploads =
            new java.util.concurrent.ConcurrentHashMap<>();

    AlertRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
        this.reader = new AlertReader(new RecordLimits(s.config().limits().maxEntitiesPerAlert()));
    }

    void register(RoutesConfig r) {
        r.post("/api/alerts", api.guard(Access.INGEST, this::post));
        r.get("/api/alerts", api.guard(Access.ANALYST, this::list));
        r.get("/api/alerts.csv", api.guard(Access.ANALYST, this::csv));
        r.get("/api/alerts/{id}", api.guard(Access.ANALYST, this::one));
    }

    /**
     * Reads the body in any format replay reads, rejects per record what cannot be read or is outside the token's
     * tenants, stores the rest and answers 202 once it is on disk.
     */
    private void post(Context ctx) throws IOException, InterruptedException {
        Principal who = HttpApi.principal(ctx);
        var inFlight = uploads.computeIfAbsent(who.name(), n -> new java.util.concurrent.atomic.AtomicInteger());
        if (inFlight.incrementAndGet() > s.config().limits().maxUploadsPerToken()) {
            inFlight.decrementAndGet();
            ctx.header("Retry-After", "1");
            throw new ApiException(429, "token \"" + who.name() + "\" already has " + s.config().limits().maxUploadsPerToken()
                    + " uploads in flight (max-uploads-per-token): wait for their answers");
        }
        try {
            postWithin(ctx);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void postWithin(Context ctx) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long limit = s.config().maxRequestBytes();
        byte[] body = gunzipWithin(readBody(ctx, limit, "empty body: post one alert, an array, JSON lines or CSV"), limit);
        ReadResult read;
        try {
            read = reader.read(SOURCE, new ByteArrayInputStream(body), false);
        } catch (InputException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Principal p = HttpApi.principal(ctx);
        RecordPositions positions = new RecordPositions(read);
        List<AlertRecord> allowed = new ArrayList<>(read.records().size());
        ArrayNode errors = Json.MAPPER.createArrayNode();
        for (RecordError e : read.errors()) errors.add(error(e.index(), e.line(), e.field(), e.message()));
        long latest = System.currentTimeMillis() + s.config().limits().maxClockSkew().toMillis();
        for (AlertRecord rec : read.records()) {
            if (!p.mayAccess(rec.alert().getTenant())) {
                errors.add(error(positions.index(rec), positions.line(rec), "tenant",
                        "tenant " + rec.alert().getTenant() + " is outside this token's tenants"));
            } else if (rec.alert().getEventTime() > latest) {
                // one source's clock must not move everyone's event time (max-clock-skew)
                errors.add(error(positions.index(rec), positions.line(rec), "StartTime",
                        java.time.Instant.ofEpochMilli(rec.alert().getEventTime()) + " is more than " + s.config().limits().maxClockSkew()
                                + " ahead of the service's clock (max-clock-skew)"));
            } else {
                allowed.add(rec);
            }
        }
        // Vendor incidents (never correlated) name their alerts: a hint for the incidents of their own tenant only.
        List<org.alertcorrelator.ingest.VendorIncident> hints = new ArrayList<>();
        for (org.alertcorrelator.ingest.VendorIncident v : read.vendorIncidents()) {
            if (p.mayAccess(v.tenant())) hints.add(v);
            else errors.add(error(0, 0, "tenant", "vendor incident " + v.id() + ": tenant " + v.tenant()
                    + " is outside this token's tenants"));
        }
        int rejected = errors.size();
        s.metrics().alertsReceived.add(read.records().size() + read.errors().size());
        s.metrics().alertsRejected.add(rejected);
        AlertIngest.Outcome o;
        try {
            o = s.ingest().submit(allowed, hints).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            // the store's own message (SQL, driver) goes to the log only
            throw new ApiException(503, "the alerts were not stored; send them again (ingest is idempotent)");
        } catch (TimeoutException e) {
            throw new ApiException(503, "the alerts were not stored in time; send them again (ingest is idempotent)");
        }
        s.metrics().alertsAccepted.add(o.accepted());
        s.metrics().alertsDuplicate.add(o.duplicates());
        s.metrics().alertsUpdated.add(o.updated());
        ObjectNode answer = Json.object();
        answer.put("accepted", o.accepted());
        answer.put("duplicates", o.duplicates());
        answer.put("updated", o.updated());
        answer.put("rejected", rejected);
        answer.set("errors", errors);
        if (!read.warnings().isEmpty() || !o.warnings().isEmpty()) {
            ArrayNode warnings = answer.putArray("warnings");
            for (RecordError w : read.warnings()) warnings.add(error(w.index(), w.line(), w.field(), w.message()));
            // Alerts sharing an id, kept side by side under the ids replay gives them (index 0: not one record's).
            for (String w : o.warnings()) warnings.add(error(0, 0, "SystemAlertId", w));
        }
        if (read.skippedCount() > 0) {
            // Records that are no alerts (vendor incidents, compliance records): counted, neither stored nor rejected.
            ObjectNode skipped = answer.putObject("skipped");
            read.skipped().forEach(skipped::put);
        }
        boolean nothingTaken = o.accepted() + o.duplicates() + o.updated() == 0;
        if (nothingTaken && rejected > 0) answer.put("error", "no record was accepted: " + rejected + " rejected");
        s.metrics().ingestSeconds.observe((System.nanoTime() - t0) / 1e9);
        HttpApi.json(ctx, nothingTaken && rejected > 0 ? 400 : 202, answer);
    }

    private static ObjectNode error(int index, int line, String field, String reason) {
        ObjectNode e = Json.object();
        e.put("index", index);
        if (line > 0) e.put("line", line);
        if (field == null) e.putNull("field");
        else e.put("field", field);
        e.put("reason", reason);
        return e;
    }

    /**
     * The body, refused with 413 past the limit (by its declared length at once, else while reading).
     * A refused body is still read and thrown away, up to {@link #DRAIN_CAP} bytes: a server that
     * answers and closes while the client is still sending resets the connection, and the client
     * then never sees the 413, only "connection reset".
     */
    static byte[] readBody(Context ctx, long limit, String whenEmpty) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                if (declared <= DRAIN_CAP) drain(in);
                throw tooLarge(limit);
            }
            byte[] body = readAtMost(in, limit, declared > 0 ? declared : 8192);
            if (body == null) {
                drain(in);
                throw tooLarge(limit);
            }
            if (body.length == 0) throw ApiException.badRequest(whenEmpty);
            return body;
        }
    }

    /** All of the stream, or null as soon as it passes {@code limit} bytes (the rest is left unread). */
    private static byte[] readAtMost(InputStream in, long limit, long sizeHint) throws IOException {
        // The hint sizes the first buffer only; capped so that a large limit or declared length cannot overflow it.
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.min(sizeHint, limit), 1 << 26));
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** How much of a refused body is read and discarded so its sender sees the answer; beyond it the connection just closes. */
    static final long DRAIN_CAP = 64L * 1024 * 1024;

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while (total <= DRAIN_CAP && (n = in.read(buf)) > 0) total += n;
    }

    /**
     * A gzip body, opened here under the same limit as plain text: a few kilobytes of gzip can hold gigabytes,
     * and the reader would hold all of it.
     */
    static byte[] gunzipWithin(byte[] body, long limit) throws IOException {
        if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) return body;
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(body), 65536)) {
            byte[] plain = readAtMost(in, limit, body.length * 4L);
            if (plain == null) {
                throw new ApiException(413, "request body over the limit of " + limit
                        + " bytes once unzipped (max-request-size): post smaller batches");
            }
            return plain;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw ApiException.badRequest("the gzip body could not be opened: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "request body over the limit of " + limit + " bytes (max-request-size): post smaller batches");
    }

    private void list(Context ctx) {
        Page<StoredAlert> page = s.store().alerts(Params.alertQuery(ctx, true));
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        for (StoredAlert a : page.items()) items.add(AlertViews.full(a));
        o.put("total", page.total());
        HttpApi.json(ctx, 200, o);
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        // The same id may be in several tenants: the token's ones, narrowed by ?tenant= if given. Another
        // tenant's alert answers exactly as a missing one.
        Principal p = HttpApi.principal(ctx);
        String tenant = Params.text(ctx, "tenant");
        List<StoredAlert> found = new ArrayList<>();
        for (StoredAlert a : s.store().alertsWithId(id)) {
            if (p.mayAccess(a.tenant()) && (tenant == null || tenant.equals(a.tenant()))) found.add(a);
        }
        if (found.isEmpty()) throw ApiException.notFound("no alert " + id);
        if (found.size() > 1) {
            throw new ApiException(409, "alert id " + id + " is in " + found.size() + " tenants: add ?tenant=ID");
        }
        StoredAlert a = found.get(0);
        HttpApi.json(ctx, 200, AlertViews.full(a));
    }

    private void csv(Context ctx) throws IOException {
        var query = Params.alertQuery(ctx, false);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"alerts.csv\"");
        Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(AlertViews.CSV_HEADER.toArray(String[]::new)).get());
        s.store().forEachAlert(query, a -> {
            try {
                printer.printRecord(org.alertcorrelator.export.CsvCells.neutralise(AlertViews.csvRow(a)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        printer.flush();
        w.flush();
    }
}
