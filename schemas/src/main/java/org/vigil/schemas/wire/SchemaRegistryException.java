package org.vigil.schemas.wire;

/**
 * A failed Schema Registry call, carrying the HTTP status and Confluent's {@code error_code}.
 *
 * <p>Confluent codes seen most: 40401 subject not found, 40402 version not found, 40403 schema not found,
 * 40404/40406 subject/version already soft-deleted, 40405/40407 subject/version not soft-deleted before a
 * permanent delete, 409 incompatible schema, 42201 invalid schema, 42202 invalid version, 42203 invalid
 * compatibility level, 50001 backend store error.
 * {@code httpStatus} and {@code errorCode} are -1 when no HTTP answer came back (connection failure).
 */
public final class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** A soft delete of a subject that has no live version left; a permanent delete is the next step. */
    public static final int SUBJECT_SOFT_DELETED = 40404;
    /** A permanent delete of a subject that still has live versions; soft-delete it first. */
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    /** A soft delete of a version already soft-deleted; a permanent delete is the next step. */
    public static final int VERSION_SOFT_DELETED = 40406;
    /** A permanent delete of a live version; soft-delete it first. */
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    /** The subject has no compatibility level of its own (the global one applies). */
    public static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int BACKEND_STORE_ERROR = 50001;

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    /** The HTTP status of the registry's answer, or -1 if none came back. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} (e.g. 40401), or the HTTP status when the body had none, or -1. */
    public int errorCode() {
        return errorCode;
    }
}
