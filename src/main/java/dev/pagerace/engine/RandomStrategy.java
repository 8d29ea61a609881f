package dev.pagerace.engine;

import dev.pagerace.program.ChoiceKind;
import java.util.SplittableRandom;

/** Uniform choices from a seeded generator whose sequence is fixed by its specification (same on every JVM). */
public final class RandomStrategy implements Strategy {
    private final SplittableRandom random;

    public RandomStrategy(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override public String name() { return "random"; }

    @Override public int choose(ChoiceKind kind, int n) { return random.nextInt(n); }
}
