package org.vigil.inference.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a remote backend after {@code failureThreshold} failures in a row, for {@code openFor}; then lets one
 * trial call through (half-open) and closes again on its success.
 *
 * <p>Written by hand: resilience4j would do this, but three states and two numbers are less than its dependency.
 */
public final class CircuitBreaker {

    /** The breaker's state. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.MIN;

    public CircuitBreaker(int failureThreshold, Duration openFor, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go to the backend now (moves OPEN to HALF_OPEN once the open time is over). */
    public synchronized boolean allowsCall() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    public synchronized void recordSuccess() {
        failures = 0;
        state = State.CLOSED;
    }

    public synchronized void recordFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Time until an open breaker lets a trial call through (zero when not open). */
    public synchronized Duration remainingOpen() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
