package org.vigil.inference.backend;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.schemas.RiskSignal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wraps a remote backend with retries (exponential back-off with jitter), a circuit breaker and a fallback: when
 * the remote backend cannot answer, the notes either go to the rules ({@link Fallback#RULES}) or wait until it
 * answers again ({@link Fallback#WAIT}). Either way no note is lost: it is assessed or it waits.
 */
public final class ResilientBackend implements InferenceBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientBackend.class);

    /** What happens to notes while the remote backend is down. */
    public enum Fallback { RULES, WAIT }

    /** Retry and back-off settings. */
    public record Policy(int retries, Duration initialBackoff, Duration maxBackoff, Fallback fallback) {
    }

    private final InferenceBackend remote;
    private final InferenceBackend rules;
    private final CircuitBreaker breaker;
    private final Policy policy;
    private final MeterRegistry meters;
    private final Sleeper sleeper;

    /** Sleeps between attempts; replaceable so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public ResilientBackend(InferenceBackend remote, InferenceBackend rules, CircuitBreaker breaker, Policy policy,
                            MeterRegistry meters, Sleeper sleeper) {
        this.remote = remote;
        this.rules = rules;
        this.breaker = breaker;
        this.policy = policy;
        this.meters = meters;
        this.sleeper = sleeper;
        meters.gauge("vigil.inference.remote.circuit.open", List.of(io.micrometer.core.instrument.Tag.of("backend", remote.name())),
                breaker, b -> b.state() == CircuitBreaker.State.OPEN ? 1 : 0);
    }

    @Override
    public String name() {
        return remote.name();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public List<List<RiskSignal>> extract(List<String> texts) {
        while (true) {
            BackendUnavailableException last = attempt(texts);
            if (last == null) {
                return lastResult.get();
            }
            if (policy.fallback() == Fallback.RULES) {
                meters.counter("vigil.inference.remote.fallbacks", "backend", remote.name()).increment(texts.size());
                LOG.warn("backend {} unavailable ({}); {} note(s) assessed by the rules", remote.name(),
                        last.getMessage(), texts.size());
                return rules.extract(texts);
            }
            meters.counter("vigil.inference.remote.waits", "backend", remote.name()).increment();
            Duration wait = breaker.remainingOpen().isZero() ? policy.maxBackoff() : breaker.remainingOpen();
            LOG.warn("backend {} unavailable ({}); waiting {} ms before trying again", remote.name(), last.getMessage(),
                    wait.toMillis());
            sleep(wait);
        }
    }

    private final ThreadLocal<List<List<RiskSignal>>> lastResult = new ThreadLocal<>();

    /** One round of up to 1 + retries calls; null on success (result in lastResult), else the last failure. */
    private BackendUnavailableException attempt(List<String> texts) {
        Duration backoff = policy.initialBackoff();
        BackendUnavailableException last = null;
        for (int i = 0; i <= policy.retries(); i++) {
            if (!breaker.allowsCall()) {
                return new BackendUnavailableException("circuit open for " + remote.name());
            }
            try {
                List<List<RiskSignal>> result = remote.extract(texts);
                breaker.recordSuccess();
                lastResult.set(result);
                return null;
            } catch (BackendUnavailableException e) {
                breaker.recordFailure();
                last = e;
                meters.counter("vigil.inference.remote.failures", "backend", remote.name()).increment();
                if (i < policy.retries()) {
                    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, backoff.toMillis() / 4 + 1));
                    sleep(backoff.plusMillis(jitter));
                    backoff = backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff()
                            : backoff.multipliedBy(2);
                }
            }
        }
        return last;
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting for " + remote.name(), e);
        }
    }

    @Override
    public void close() {
        remote.close();
    }
}
