package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning is lazy: batches are computed from the spec when asked for, never stored (issue 12, item 7). */
class CampaignPlanTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";

    private static CampaignSpec spec(Campaign.Loaded l, String variant, long runs, long seedStart, int batch) {
        return new CampaignSpec(List.of(l.file()), Map.of(l.file(), l.bundle().hash()), variant, runs, seedStart, "random", batch);
    }

    /** The plan as it was built before planning became lazy: every batch in a list. */
    private static List<String> eager(Campaign.Loaded l, CampaignSpec spec) {
        List<String> out = new ArrayList<>();
        for (var p : Campaign.variants(spec, l)) {
            long runs = spec.runs() > 0 ? spec.runs() : p.config().runs();
            for (long first = spec.seedStart(); first < spec.seedStart() + runs; first += spec.batchSize()) {
                int count = (int) Math.min(spec.batchSize(), spec.seedStart() + runs - first);
                out.add(l.file() + "#" + p.variant() + "@" + first + "+" + count);
            }
        }
        return out;
    }

    @Test void theLazyPlanIsTheEagerOneBatchForBatch() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        for (CampaignSpec s : List.of(spec(l, "all", 95, 7, 20), spec(l, "rfc-2026", 100, 0, 20), spec(l, "all", 1, 0, 50), spec(l, "mainline", 33, 5, 1))) {
            Campaign.Plan plan = Campaign.plan(s, List.of(l));
            List<String> ids = new ArrayList<>();
            long runs = 0;
            for (CampaignDriver.Planned p : plan) {
                ids.add(p.id());
                runs += p.count();
            }
            assertEquals(eager(l, s), ids, s.toString());
            assertEquals(runs, plan.runs());
        }
    }

    @Test void aBillionRunsPlanAtOnce() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        Campaign.Plan plan = Campaign.plan(spec(l, "all", 1_000_000_000L, 0, 50), List.of(l));
        int variants = l.programs().size();
        assertEquals(1_000_000_000L * variants, plan.runs());
        assertEquals(20_000_000L * variants, plan.size());
        CampaignDriver.Planned last = plan.get(plan.size() - 1);
        assertEquals(999_999_950L, last.firstSeed());
        assertTrue(last.id().endsWith("@999999950+50"), last.id());
        assertEquals(0, plan.get(20_000_000).firstSeed(), "the second variant starts again at the first seed");
        assertThrows(IndexOutOfBoundsException.class, () -> plan.get(plan.size()));
    }

    @Test void tooManyBatchesIsAnErrorThatNamesTheFix() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Campaign.plan(spec(l, "mainline", 1L << 40, 0, 1), List.of(l)));
        assertTrue(e.getMessage().contains("more than 2147483647 batches") && e.getMessage().contains("use a larger --batch-size or fewer --runs"),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Campaign.plan(spec(l, "mainline", 10, 0, 0), List.of(l)));
    }

    @Test void batchesAreSentOneVariantAtATurnAndEachExactlyOnce() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        Campaign.Plan plan = Campaign.plan(spec(l, "all", 95, 7, 20), List.of(l));
        List<CampaignDriver.Planned> sent = plan.interleaved();
        int variants = l.programs().size();
        assertEquals(plan.size(), sent.size());
        assertEquals(new java.util.HashSet<>(plan), new java.util.HashSet<>(sent), "a permutation of the plan");
        List<CampaignDriver.Planned> walked = new ArrayList<>(), streamed = sent.stream().toList();
        sent.iterator().forEachRemaining(walked::add);
        for (int k = 0; k < sent.size(); k++) assertEquals(sent.get(k), walked.get(k), "the cursor walks the order get() computes, at " + k);
        assertEquals(walked, streamed);
        List<String> firstRound = new ArrayList<>();
        for (int i = 0; i < variants; i++) firstRound.add(sent.get(i).variant() + "@" + sent.get(i).firstSeed());
        assertEquals(l.programs().keySet().stream().map(v -> v + "@7").toList(), firstRound, "every variant's first batch first");
        assertEquals(27, sent.get(variants).firstSeed(), "then every variant's second");
    }

    @Test void segmentsOfUnequalLengthTakeTurnsUntilEachRunsOut() {
        long[] count = {3, 1, 4, 0, 2};
        long[] first = new long[count.length];
        for (int s = 1; s < count.length; s++) first[s] = first[s - 1] + count[s - 1];
        List<Long> expected = new ArrayList<>();
        for (long r = 0; r < 4; r++) for (int s = 0; s < count.length; s++) if (r < count[s]) expected.add(first[s] + r);
        List<Long> got = new ArrayList<>();
        for (long k = 0; k < 10; k++) got.add(Campaign.interleavedIndex(first, count, k));
        assertEquals(expected, got);
        assertEquals(List.of(0L, 3L, 4L, 8L, 1L, 5L, 9L, 2L, 6L, 7L), got);
        assertThrows(IndexOutOfBoundsException.class, () -> Campaign.interleavedIndex(first, count, 10));
    }

    @Test void aBillionRunsInterleaveAtOnce() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        Campaign.Plan plan = Campaign.plan(spec(l, "all", 1_000_000_000L, 0, 50), List.of(l));
        List<CampaignDriver.Planned> sent = plan.interleaved();
        CampaignDriver.Planned last = sent.get(sent.size() - 1);
        assertEquals(plan.get(plan.size() - 1), last, "the last variant's last batch comes last");
        assertEquals(999_999_950L, sent.get(sent.size() - l.programs().size()).firstSeed());
    }
}
