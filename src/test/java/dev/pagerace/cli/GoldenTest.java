package dev.pagerace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden outputs of seed findings: the full trace, report and replay lines,
 * byte for byte, on the actor engine. After an intended format change,
 * regenerate with {@code mvn test -Dtest=GoldenTest -Dpagerace.regen=true}
 * and review the diff.
 */
class GoldenTest {
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @CsvSource({
        "shmem-fallocate, rfc-2026, 2",
        "xfs-reflink, unordered-two, 0",
        "ext4-punch-read, pre-2021, 3",
    })
    void runOutputMatchesTheGoldenFile(String scenario, String variant, String seed) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Main.execute("run", "scenarios/" + scenario + ".kp", "--variant", variant, "--seed", seed, "--trace");
        } finally {
            System.setOut(old);
        }
        String actual = out.toString(StandardCharsets.UTF_8);
        Path golden = Path.of("src/test/resources/golden/" + scenario + "-" + variant + "-seed" + seed + ".txt");
        if (Boolean.getBoolean("pagerace.regen")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual);
    }

    /**
     * One golden file per report shape: a three-task deadlock through a
     * queued writer, a lock-order chain of three classes ("Chain exists
     * of"), a lost wakeup, a starving punch, and a trace with its resume
     * steps ({@code --trace all}). Arguments are separated by spaces.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "gfs2-glock-mmap-queued-writer, scenarios/gfs2-glock-mmap.kp --variant glock-mmap --seed 0 --tail 0",
        "report-shapes-chain-of-three, src/test/resources/scenarios/report-shapes.kp --variant ring --seed 0 --tail 0",
        "report-shapes-lost-wakeup, src/test/resources/scenarios/report-shapes.kp --variant lost-wakeup --seed 1 --trace",
        "shmem-hole-punch-starvation, scenarios/shmem-hole-punch.kp --variant pincer-2014 --strategy fair --seed 0 --tail 0",
        "xfs-reflink-trace-all, scenarios/xfs-reflink.kp --variant unordered-two --seed 0 --trace all",
    })
    void reportShapeMatchesTheGoldenFile(String name, String args) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("run"));
            argv.addAll(java.util.List.of(args.trim().split(" +")));
            Main.execute(argv.toArray(new String[0]));
        } finally {
            System.setOut(old);
        }
        String actual = out.toString(StandardCharsets.UTF_8);
        Path golden = Path.of("src/test/resources/golden/" + name + ".txt");
        if (Boolean.getBoolean("pagerace.regen")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual);
    }
}
