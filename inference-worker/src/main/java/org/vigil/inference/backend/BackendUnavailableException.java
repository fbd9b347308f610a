package org.vigil.inference.backend;

/** A backend could not answer (time-out, connection refused, server error, open circuit). */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackendUnavailableException(String message) {
        super(message);
    }
}
