package org.vigil.sink.web;

/** The holder of a valid token: which token, its label and its role. */
public record Caller(long tokenId, String label, Role role) {
}
