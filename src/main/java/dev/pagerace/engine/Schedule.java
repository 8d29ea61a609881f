package dev.pagerace.engine;

import dev.pagerace.program.ChoiceKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Every choice a run made, in order: with the scenario and variant it replays
 * the run exactly. Forced choices (one option) are not recorded. The text form
 * {@code pr1.<base64url>} is one pasteable word: varints of (n, kind) and the
 * value, deflated.
 */
public final class Schedule {
    public record Choice(ChoiceKind kind, int n, int value) {}

    private static final String PREFIX = "pr1.";
    private static final ChoiceKind[] KINDS = ChoiceKind.values();

    // packed: n * 8 + kind, value
    private int[] data;
    private int size;

    public Schedule() {
        this.data = new int[256];
    }

    private Schedule(int[] data, int size) {
        this.data = data;
        this.size = size;
    }

    public void add(ChoiceKind kind, int n, int value) {
        if (2 * size + 2 > data.length) data = Arrays.copyOf(data, data.length * 2);
        data[2 * size] = n * 8 + kind.ordinal();
        data[2 * size + 1] = value;
        size++;
    }

    public int size() { return size; }

    public Choice get(int i) {
        int head = data[2 * i];
        return new Choice(KINDS[head & 7], head >>> 3, data[2 * i + 1]);
    }

    public List<Choice> choices() {
        List<Choice> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(get(i));
        return out;
    }

    public Schedule copy() { return new Schedule(Arrays.copyOf(data, Math.max(2 * size, 2)), size); }

    public String encode() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(size * 3 + 8);
        varint(raw, size);
        for (int i = 0; i < 2 * size; i++) varint(raw, data[i]);
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(raw.toByteArray());
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Parses {@link #encode()}'s form; throws IllegalArgumentException with a readable reason. */
    public static Schedule decode(String text) {
        String t = text.trim();
        if (!t.startsWith(PREFIX)) throw new IllegalArgumentException("a schedule starts with '" + PREFIX + "'");
        byte[] packed;
        try {
            packed = Base64.getUrlDecoder().decode(t.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the schedule is not valid base64url: " + e.getMessage());
        }
        Inflater inf = new Inflater();
        inf.setInput(packed);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) throw new IllegalArgumentException("the schedule is truncated");
                raw.write(buf, 0, n);
                if (raw.size() > 64 << 20) throw new IllegalArgumentException("the schedule is too large");
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the schedule is corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
        byte[] b = raw.toByteArray();
        int[] pos = {0};
        int n = readVarint(b, pos);
        if (n < 0 || n > b.length) throw new IllegalArgumentException("the schedule is corrupt (bad length)");
        int[] data = new int[Math.max(2 * n, 2)];
        for (int i = 0; i < 2 * n; i++) data[i] = readVarint(b, pos);
        for (int i = 0; i < n; i++) {
            int head = data[2 * i];
            if ((head & 7) >= KINDS.length || data[2 * i + 1] < 0 || data[2 * i + 1] >= (head >>> 3)) {
                throw new IllegalArgumentException("the schedule is corrupt at choice " + i);
            }
        }
        return new Schedule(data, n);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readVarint(byte[] b, int[] pos) {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= b.length) throw new IllegalArgumentException("the schedule is truncated");
            int x = b[pos[0]++] & 0xFF;
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("the schedule is corrupt (bad varint)");
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof Schedule s) || s.size != size) return false;
        return Arrays.equals(data, 0, 2 * size, s.data, 0, 2 * size);
    }

    @Override public int hashCode() { return Arrays.hashCode(Arrays.copyOf(data, 2 * size)); }
}
