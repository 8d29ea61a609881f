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
}
