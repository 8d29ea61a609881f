package dev.pagerace.campaign;

import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.lang.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a variant's runs against its {@code expect} lines. {@code clean}:
 * no violation of any kind. {@code K within N runs}: K found among the first
 * N runs. A variant that expects violations must show no other kind, and a
 * model error or a diverged replay never meets an expectation.
 */
public final class Expectations {
    private Expectations() {}

    /** How many runs the expectations of a variant need: the largest "within", or the config's runs. */
    public static long runsFor(Scenario s, String variant, long configRuns) {
        long n = 0;
        boolean any = false;
        for (ExpectDecl e : s.expects()) {
            if (!e.variant().equals(variant)) continue;
            any = true;
            n = Math.max(n, e.within() > 0 ? e.within() : configRuns);
        }
        return any ? n : configRuns;
    }

    public static List<ExpectDecl> of(Scenario s, String variant) {
        return s.expects().stream().filter(e -> e.variant().equals(variant)).toList();
    }

    /** One expect line and the reasons it does not hold (empty when it does). */
    public record LineVerdict(ExpectDecl expect, List<String> failures) {
        public boolean ok() { return failures.isEmpty(); }

        /** The line as written: {@code expect rfc-2026 deadlock within 200 runs}. */
        public String text() {
            return "expect " + expect.variant() + " " + expect.kind() + (expect.within() > 0 ? " within " + expect.within() + " runs" : "");
        }
    }

    /**
     * The verdict of each expect line of a variant (strict, as check judges),
     * for reports with one result per line (JUnit XML). The reasons are those
     * of {@link #mismatches}, each given to the line it contradicts; what
     * contradicts the variant as a whole (a model error, a diverged replay, a
     * kind no line expects) fails every line of the variant, since each line
     * also means "and nothing else".
     */
    public static List<LineVerdict> perLine(List<ExpectDecl> expects, VariantSummary v) {
        List<String> whole = new ArrayList<>();
        for (String bad : List.of("model_error", "diverged")) {
            VariantSummary.First f = v.first().get(bad);
            if (f != null) whole.add(bad + " in " + v.counts().get(bad) + " runs (first seed " + f.seed() + "): " + f.headline());
        }
        List<String> found = v.violationKinds();
        List<String> expected = expects.stream().map(ExpectDecl::kind).toList();
        boolean clean = expected.contains("clean");
        if (!clean) {
            for (String k : found) {
                if (expected.contains(k)) continue;
                VariantSummary.First f = v.first().get(k);
                whole.add("unexpected " + k + " (" + v.countLabel(k) + ", first seed " + f.seed() + "): " + f.headline());
            }
        }
        List<LineVerdict> out = new ArrayList<>();
        for (ExpectDecl e : expects) {
            List<String> fails = new ArrayList<>(whole);
            if (e.kind().equals("clean")) {
                for (String k : found) {
                    VariantSummary.First f = v.first().get(k);
                    fails.add("expected clean, found " + k + " (" + v.countLabel(k) + ", first seed " + f.seed() + "): " + f.headline());
                }
            } else if (!clean) {
                VariantSummary.First f = v.first().get(e.kind());
                if (f == null) {
                    fails.add("expected " + e.kind() + (e.within() > 0 ? " within " + e.within() + " runs" : "") + ", not found in " + v.runs() + " runs");
                } else if (e.within() > 0 && f.index() >= e.within()) {
                    fails.add("expected " + e.kind() + " within " + e.within() + " runs, first found at run " + (f.index() + 1));
                }
            }
            out.add(new LineVerdict(e, List.copyOf(fails)));
        }
        return out;
    }

    /** Reasons the runs do not meet the expectations; empty when they do. */
    public static List<String> mismatches(List<ExpectDecl> expects, VariantSummary v) {
        return mismatches(expects, v, true);
    }

    /**
     * As above. {@code strict} false (campaigns, whose run count the user
     * chose): "K within N" is not contradicted by fewer than N runs without
     * K, and a variant with no expect line must be clean.
     */
    public static List<String> mismatches(List<ExpectDecl> expects, VariantSummary v, boolean strict) {
        List<String> out = new ArrayList<>();
        if (expects.isEmpty()) {
            if (!strict) {
                for (String k : v.violationKinds()) {
                    VariantSummary.First f = v.first().get(k);
                    out.add("found " + k + " (" + v.countLabel(k) + ", first seed " + f.seed() + "): " + f.headline());
                }
            }
            return out;
        }
        List<String> found = v.violationKinds();
        for (String bad : List.of("model_error", "diverged")) {
            VariantSummary.First f = v.first().get(bad);
            if (f != null) out.add(bad + " in " + v.counts().get(bad) + " runs (first seed " + f.seed() + "): " + f.headline());
        }
        boolean clean = expects.stream().anyMatch(e -> e.kind().equals("clean"));
        if (clean) {
            for (String k : found) {
                VariantSummary.First f = v.first().get(k);
                out.add("expected clean, found " + k + " (" + v.countLabel(k) + ", first seed " + f.seed() + "): " + f.headline());
            }
            return out;
        }
        List<String> expected = expects.stream().map(ExpectDecl::kind).toList();
        for (ExpectDecl e : expects) {
            VariantSummary.First f = v.first().get(e.kind());
            if (f == null) {
                if (!strict && e.within() > v.runs()) continue; // not enough runs to say
                out.add("expected " + e.kind() + (e.within() > 0 ? " within " + e.within() + " runs" : "") + ", not found in " + v.runs() + " runs");
            } else if (e.within() > 0 && f.index() >= e.within()) {
                out.add("expected " + e.kind() + " within " + e.within() + " runs, first found at run " + (f.index() + 1));
            }
        }
        for (String k : found) {
            if (!expected.contains(k)) {
                VariantSummary.First f = v.first().get(k);
                out.add("unexpected " + k + " (" + v.countLabel(k) + ", first seed " + f.seed() + "): " + f.headline());
            }
        }
        return out;
    }
}
