package org.alertcorrelator.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The analyst's web view: a page and its scripts and styles, read from the jar (no CDN, nothing fetched at run
 * time). They need no token: the page asks for one and sends it with every API call it makes. Every answer
 * carries a Content-Security-Policy that lets the page run only this service's own scripts and talk only to
 * this service, so an alert's text can never become code even if a renderer forgot to treat it as text.
 */
public final class WebAssets {
    /** Only the service's own scripts and styles; no inline code, no framing, no other origin. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The files served, by name under /web/ (a fixed list: a path never reaches the class path). */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "render.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public void register(RoutesConfig r) {
        r.get("/", ctx -> send(ctx, "index.html"));
        r.get("/web/{file}", ctx -> send(ctx, ctx.pathParam("file")));
    }

    private void send(Context ctx, String name) {
        String type = FILES.get(name);
        if (type == null) {
            ctx.status(404).contentType("application/json").result("{\"error\":\"no such file\"}");
            return;
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type);
        ctx.result(cache.computeIfAbsent(name, WebAssets::read));
    }

    /** A file of the web view as it is in the jar. */
    public static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new IllegalStateException("web/" + name + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(read(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
