package org.alertcorrelator.service.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.alertcorrelator.service.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jetty's own errors (a bad URI, a NUL in the path, a URL or headers over the limits: 400, 414, 431, ...) as the
 * API's JSON {@code {"error": "..."}}, never Jetty's HTML page; the reason Jetty gives is kept, no stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    static byte[] body(int status, String message) {
        ObjectNode o = Json.object();
        String reason = HttpStatus.getMessage(status);
        o.put("error", message == null || message.isBlank() ? "HTTP " + status + " " + reason : message);
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }
}
