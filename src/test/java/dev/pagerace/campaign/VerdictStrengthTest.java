package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rule of three and the Wilson score interval against values computed apart from the code. */
class VerdictStrengthTest {
    @Test void ruleOfThree() {
        assertEquals(0.003, VerdictStrength.ruleOfThree(1000), 1e-15);
        assertEquals(0.0015, VerdictStrength.ruleOfThree(2000), 1e-15);
        assertEquals(1.0, VerdictStrength.ruleOfThree(2), 0, "never above 1");
        assertEquals(1.0, VerdictStrength.ruleOfThree(0), 0, "no runs, no bound");
        // 3/N is close to the exact bound 1 - 0.05^(1/N) it approximates
        assertEquals(1 - Math.pow(0.05, 1.0 / 1000), VerdictStrength.ruleOfThree(1000), 0.00001);
    }

    private static void wilson(long k, long n, double low, double high) {
        double[] ci = VerdictStrength.wilson(k, n);
        assertEquals(low, ci[0], 5e-5, k + "/" + n + " low");
        assertEquals(high, ci[1], 5e-5, k + "/" + n + " high");
    }

    @Test void wilsonScoreInterval() {
        // computed apart from the code, from Wilson (1927) with z = 1.95996
        wilson(0, 10, 0, 0.2775);
        wilson(5, 10, 0.2366, 0.7634);
        wilson(10, 10, 0.7225, 1.0);
        wilson(1, 100, 0.0018, 0.0545);
        wilson(37, 2000, 0.0135, 0.0254);
        wilson(0, 1000, 0, 0.0038);
    }

    @Test void linesSayHowTheVerdictWasObtained() {
        assertEquals("2000 runs of fair: per-run probability of any violation < 3/2000 = 0.15 % at 95 % (rule of three)",
            VerdictStrength.clean(2000, "fair"));
        assertEquals("deadlock 37/2000 = 1.85 % (95 % Wilson 1.35-2.54 %)", VerdictStrength.count("deadlock", 37, 2000));
        assertEquals("starvation 100/100 = 100 % (95 % Wilson 96.3-100 %)", VerdictStrength.count("starvation", 100, 100));
    }
}
