package dev.pagerace.campaign;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code pagerace.campaign} keys of reference.conf, read once. */
public record CampaignSettings(int batchSize, Duration batchTimeout, int maxAttempts, int inFlightPerWorker,
                               Duration joinTimeout, Duration progressInterval, int maxScheduleChars, int shrinkRuns, int expectedWorkers) {

    public static CampaignSettings of(Config config) {
        Config c = config.getConfig("pagerace.campaign");
        return new CampaignSettings(c.getInt("batch-size"), c.getDuration("batch-timeout"), c.getInt("max-attempts"),
            c.getInt("in-flight-per-worker"), c.getDuration("join-timeout"), c.getDuration("progress-interval"),
            c.getInt("max-schedule-chars"), c.getInt("shrink-runs"), c.getInt("expected-workers"));
    }
}
