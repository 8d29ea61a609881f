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
        "shmem-fallocate, rfc-2026, 1",
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
}
