package dev.pagerace.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one histogram shape pagerace uses for times in deliveries: 3
 * significant digits (values up to 2047 are exact), growing as needed, and
 * its compressed form, which crosses nodes and journals in a few hundred
 * bytes and adds exactly on the driver.
 */
public final class Histograms {
    private Histograms() {}

    public static Histogram create() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    public static byte[] encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Arrays.copyOf(b.array(), n);
    }

    /** {@code what} names the histogram in the error a corrupt one raises. */
    public static Histogram decode(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) return create();
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt histogram of " + what, e);
        }
    }
}
