package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user met on the command line (issue 12, items 12 and 16): each gets a clear message and its exit code. */
class InputHardeningTest {
    @TempDir Path dir;

    private static void noStackTrace(Result r) {
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace:\n" + r.err());
        assertFalse(r.err().contains("Exception") && !r.err().contains("pagerace:"), r.err());
    }

    @Test void tailOfMaxIntPrintsTheWholeTraceAndANegativeTailIsBadInput() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2", "--engine", "pure",
            "--tail", "2147483647");
        assertEquals(1, r.code(), r.err());
        noStackTrace(r);
        assertTrue(r.out().contains("\n#1 "), "every delivery is shown");
        assertFalse(r.out().contains("earlier deliveries"), r.out());
        Result neg = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--tail", "-1");
        assertEquals(2, neg.code());
        assertTrue(neg.err().contains("--tail must not be negative"), neg.err());
    }

    @Test void replayPrintsTheScheduleItReplaysNotSeedZero() {
        Result run = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2", "--engine", "pure");
        Matcher m = Pattern.compile("--schedule (pr1\\.\\S+)").matcher(run.out());
        assertTrue(m.find(), run.out());
        Result replay = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--engine", "pure", "--schedule", m.group(1));
        assertEquals(1, replay.code(), replay.err());
        assertFalse(replay.out().contains("seed 0"), replay.out());
        assertTrue(replay.out().contains("strategy replay, replayed schedule (seed not known), 614 deliveries"), replay.out());
        Result known = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--engine", "pure", "--seed", "1",
            "--schedule", m.group(1));
        assertTrue(known.out().contains("strategy replay, seed 1, 614 deliveries"), known.out());
        assertTrue(known.out().contains("--seed 1 --schedule "), "the replay line keeps the seed it was given");
    }

    @Test void versionIsTheProjectVersion() {
        Result r = pagerace("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("pagerace \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?( \\(commit [0-9a-f]+\\))?\\R"), r.out());
        assertEquals("pagerace 1.2.3 (commit abc123)", Main.Version.line("1.2.3", "abc123"));
        assertEquals("pagerace 1.2.3", Main.Version.line("1.2.3", "${pagerace.commit}"));
        assertEquals("pagerace 1.2.3", Main.Version.line("1.2.3", ""));
    }

    @Test void runHelpSaysWhatTraceDoes() {
        Result r = pagerace("run", "--help");
        assertFalse(r.out().contains("false"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("print every delivery; --trace all also prints the resume steps"), r.out());
    }

    @Test void aMissingSubcommandPrintsItsHintOnce() {
        Result r = pagerace();
        assertEquals(2, r.code());
        assertEquals(1, r.err().split("--help", -1).length - 1, r.err());
        assertTrue(r.err().startsWith("pagerace: missing command: run, replay, check, campaign, report, node or bench\n(see: pagerace --help)"), r.err());
    }

    @Test void aMalformedSeedAddressIsABadConfigBeforeAnythingStarts() throws IOException {
        Path conf = dir.resolve("bad-seed.conf");
        Files.writeString(conf, "akka.cluster.seed-nodes = [\"not-an-address\"]\n");
        Path out = dir.resolve("results");
        Result c = pagerace("campaign", "scenarios/shmem-fallocate.kp", "--runs", "10", "--cluster", conf.toString(), "--out", out.toString());
        assertEquals(2, c.code(), c.err());
        noStackTrace(c);
        assertTrue(c.err().contains("bad cluster config: akka.cluster.seed-nodes: 'not-an-address' is not a node address"), c.err());
        assertFalse(Files.exists(out), "no results directory is left behind");
        Result n = pagerace("node", "--config", conf.toString());
        assertEquals(2, n.code());
        assertTrue(n.err().contains("'not-an-address' is not a node address"), n.err());
        assertFalse(n.err().contains("null"), n.err());
    }

    @Test void aBogusTransportIsABadConfig() throws IOException {
        Path conf = dir.resolve("bad-transport.conf");
        Files.writeString(conf, "akka.remote.artery.transport = bogus\n");
        Result n = pagerace("node", "--config", conf.toString());
        assertEquals(2, n.code());
        noStackTrace(n);
        assertTrue(n.err().contains("akka.remote.artery.transport = 'bogus' is not a transport (tcp, tls-tcp, aeron-udp)"), n.err());
        Result c = pagerace("campaign", "scenarios/shmem-fallocate.kp", "--runs", "10", "--cluster", conf.toString(), "--out",
            dir.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("is not a transport"), c.err());
    }

    @Test void parseErrorsOfEveryItemAreCollected() throws IOException {
        Path f = dir.resolve("many.kp");
        Files.writeString(f, "inode shm pages 4 backing swap\n"
            + "task a {\n  x = (1 +\n}\n"
            + "task b { y = \"open\n}\n"
            + "task c { lock shm.i_rwsem; @ }\n"
            + "inode other pages\n"
            + "task d { yield }\n"
            + "task e { yield \u0000 }\n");
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code());
        noStackTrace(r);
        String p = f.toString();
        assertTrue(r.err().contains(p + ":4:1: expected an expression, found '}'"), r.err());
        assertTrue(r.err().contains(p + ":5:14: unterminated string"), r.err());
        assertTrue(r.err().contains(p + ":7:28: unexpected character '@'"), r.err());
        assertTrue(r.err().contains(p + ":8:18: expected the number of pages, found end of line"), r.err());
        assertTrue(r.err().contains(p + ":10:16: unexpected character U+0000"), "a NUL is shown as its code point:\n" + r.err());
        assertTrue(r.err().contains("5 errors; nothing was run."), r.err());
    }

    @Test void anUpperCaseLockNameIsRejectedWhereItIsDeclared() throws IOException {
        Path f = dir.resolve("upper.kp");
        Files.writeString(f, "lock BIG mutex\ntask t { lock BIG; unlock BIG }\n");
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":1:6: 'BIG' is all upper case, which makes it a symbol (like FALLOC or RETRY), so it cannot be a lock name"),
            r.err());
        Files.writeString(f, "lock Big mutex\ntask t { lock Big; unlock Big }\n");
        assertEquals(0, pagerace("run", f.toString(), "--engine", "pure").code(), "a name with a lower-case letter is a name");
    }

    @Test void invalidUtf8IsReportedAtItsLineColumnAndByteOffset() throws IOException {
        Path f = dir.resolve("latin1.kp");
        byte[] head = "inode shm pages 4 backing swap\ntask t {\n  yield # caf".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 4];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9; // 'é' in Latin-1
        all[head.length + 1] = '\n';
        all[head.length + 2] = '}';
        all[head.length + 3] = '\n';
        Files.write(f, all);
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":3:14: cannot read scenario file: invalid UTF-8 at byte offset " + head.length), r.err());
    }

    @Test void aByteOrderMarkIsSkipped() throws IOException {
        Path f = dir.resolve("bom.kp");
        Files.write(f, ("\uFEFFinode shm pages 4 backing swap\ntask t { p = find shm 1 }\n").getBytes(StandardCharsets.UTF_8));
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(0, r.code(), r.err());
        Files.write(f, ("\uFEFFtask t { nosuch }\n").getBytes(StandardCharsets.UTF_8));
        Result bad = pagerace("run", f.toString(), "--engine", "pure");
        assertTrue(bad.err().contains(f + ":1:10: "), "columns do not count the mark:\n" + bad.err());
    }

    @Test void lineEndingsOfEveryKindCountTheSameLines() throws IOException {
        Path f = dir.resolve("cr.kp");
        // old Mac line endings: an error on the third line is reported there, with that line quoted
        Files.writeString(f, "inode shm pages 4 backing swap\rtask t {\r  lock nosuch\r}\r");
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":3:8: unknown name 'nosuch'\n      lock nosuch\n"), r.err());
        // Windows line endings with a continued line
        Files.writeString(f, "inode shm pages 4 backing swap\r\ntask t {\r\n  x = 1 + \\\r\n    2\r\n  p = find shm x\r\n}\r\n");
        Result w = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(0, w.code(), w.err());
    }
}
