package org.alertcorrelator.service.http;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;
import org.alertcorrelator.service.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;

/**
 * The HTTP server: Javalin routes, each wrapped by {@link #guard}, which refuses new requests while stopping,
 * counts requests in flight (so a shutdown can wait for them), checks the bearer token and the role. Errors are
 * JSON {"error": "..."}, never a stack trace.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String PRINCIPAL = "principal";

    private final Services services;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private Javalin app;

    public HttpApi(Services services) {
        this.services = services;
    }

    public HttpApi start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = services.config().maxRequestBytes();
            config.router.ignoreTrailingSlashes = true;
            // Hardening: Jetty's own errors as JSON; slow clients cut off (read timeout, minimum body rate).
            var limits = services.config().limits();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setIdleTimeout(limits.requestReadTimeout().toMillis());
                http.setMinRequestDataRate(limits.minRequestRate());
            });
            RoutesConfig routes = config.routes;
            new OpsRoutes(services, this).register(routes);
            new AlertRoutes(services, this).register(routes);
            new IncidentRoutes(services, this).register(routes);
            new RuleRoutes(services, this).register(routes);
            new ViewRoutes(services, this).register(routes);
            new PatternRoutes(services, this).register(routes);
            new QuarantineRoutes(services, this).register(routes);
            routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.extra()));
            routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                // the log has the details; the answer names no class, SQL nor stack
                error(ctx, 500, "internal error (the service's log has the details)", null);
            });
            routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
            });
            routes.error(405, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), null);
            });
        });
        app.start(services.config().bind(), services.config().port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Refuses new requests, waits for those in flight (up to the timeout), then stops the server. */
    public void stop(long timeoutMillis) {
        stopping = true;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) LOG.warn("stopping with {} request(s) still in flight", inFlight.get());
        // Jetty's stop waits for the threads of requests still in flight, e.g. an upload stalled half-way: the
        // rest of the stop (storing, the engine's restart point) goes on after a second, the process exit ends it.
        Thread jettyStop = new Thread(app::stop, "http-stop");
        jettyStop.setDaemon(true);
        jettyStop.start();
        try {
            jettyStop.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (jettyStop.isAlive()) LOG.warn("the HTTP server is still closing connections; going on with the stop");
    }

    /** Wraps a route: stopping gate, in-flight count, token and role check. */
    Handler guard(Access access, Handler handler) {
        return ctx -> {
            if (stopping) {
                ctx.header("Retry-After", "5");
                throw new ApiException(503, "the service is stopping");
            }
            inFlight.incrementAndGet();
            try {
                if (access != Access.PUBLIC) {
                    Principal p = authenticate(ctx);
                    if (!access.allows(p)) {
                        throw ApiException.forbidden("token \"" + p.name() + "\" has role " + p.role().label()
                                + "; " + ctx.method() + " " + ctx.endpoint().path + " needs " + access.describe());
                    }
                    ctx.attribute(PRINCIPAL, p);
                }
                handler.handle(ctx);
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    private Principal authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "missing bearer token: send Authorization: Bearer TOKEN");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "the Authorization header must be \"Bearer TOKEN\"");
        }
        Optional<Principal> p = services.tokens().authenticate(header.substring(7).trim());
        if (p.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "invalid token");
        }
        return p.get();
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.write(body));
    }

    static void error(Context ctx, int status, String message, ObjectNode extra) {
        ObjectNode o = Json.object();
        o.put("error", message == null || message.isBlank() ? "HTTP " + status : message);
        if (extra != null) o.setAll(extra);
        json(ctx, status, o);
    }
}
