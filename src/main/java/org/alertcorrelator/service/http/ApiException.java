package org.alertcorrelator.service.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An answer other than success, with the message the client sees as {"error": "..."} and any extra fields. */
public class ApiException extends RuntimeException {
    private final int status;
    private final transient ObjectNode extra;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.status = status;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    public ObjectNode extra() {
        return extra;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }
}
