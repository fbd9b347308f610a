package org.vigil.sink.web;

/**
 * A 95% Wilson score interval for a proportion: the range of true rates with which {@code successes} out of
 * {@code trials} is compatible. Wilson's rather than the textbook p ± 1.96·SE (the Wald interval), because the bias
 * audit's groups are small and their rates often near 0 or 1, where the Wald interval is far too narrow and can leave
 * [0, 1]; Wilson's keeps close to its nominal 95% there (Brown, Cai and DasGupta, Statistical Science 16(2), 2001).
 *
 * <p>Formula: E. B. Wilson, "Probable inference, the law of succession, and statistical inference", Journal of the
 * American Statistical Association 22(158):209-212, 1927; as written by Newcombe, Statistics in Medicine
 * 17:857-872, 1998, method 3. Hand-written: it is four lines of arithmetic, and the one library that has it on the
 * JVM (Apache Commons Math 3, {@code WilsonScoreInterval}) would be a 2 MB dependency for them.
 */
record WilsonInterval(double lower, double upper) {

    /** The standard normal quantile for 97.5%, so that the interval is two-sided 95%. */
    static final double Z = 1.959963984540054;
    static final double CONFIDENCE = 0.95;

    static WilsonInterval of(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("Need 0 <= successes <= trials and trials > 0");
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 or n successes the bound is 0 or 1 exactly; the arithmetic gives it only to a rounding error.
        return new WilsonInterval(successes == 0 ? 0 : centre - half, successes == trials ? 1 : centre + half);
    }

    /** Whether the two intervals share no value: the difference is more than chance at this sample size would give. */
    boolean disjointFrom(WilsonInterval other) {
        return lower > other.upper || upper < other.lower;
    }
}
