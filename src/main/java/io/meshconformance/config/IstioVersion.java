package io.meshconformance.config;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Istio release such as {@code 1.30.3} or {@code 1.31.0-rc.0}: the Helm chart version to install.
 * The remote profile of the {@code istiod} chart exists from 1.24 on (istio.io primary-remote page), hence the
 * minimum.
 */
public record IstioVersion(int major, int minor, int patch, String preRelease) implements Comparable<IstioVersion> {

    public static final IstioVersion MINIMUM = new IstioVersion(1, 24, 0, "");
    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?");

    public static IstioVersion parse(String text) {
        Matcher m = FORM.matcher(text.startsWith("v") ? text.substring(1) : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an Istio release; write it as MAJOR.MINOR.PATCH,"
                    + " e.g. 1.30.3 (a chart version of the Istio Helm repository)");
        }
        return new IstioVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4));
    }

    public boolean isAtLeast(IstioVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(IstioVersion o) {
        return Comparator.comparingInt(IstioVersion::major).thenComparingInt(IstioVersion::minor)
                .thenComparingInt(IstioVersion::patch)
                // a pre-release sorts before its release: 1.31.0-rc.0 < 1.31.0
                .thenComparing(v -> v.preRelease().isEmpty() ? "\uffff" : v.preRelease())
                .compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
