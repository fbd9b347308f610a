package org.vigil.sink.web;

/** A request the API refuses, with the HTTP status and a message safe to show (no note text, no identifiers). */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
