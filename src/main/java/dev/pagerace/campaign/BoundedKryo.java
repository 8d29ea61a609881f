package dev.pagerace.campaign;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading what another node sent without trusting its claims. Kryo allocates
 * an array, list or string as large as the count a message claims before it
 * reads any element, so a few bytes claiming 2^31 longs took a node down.
 * Every message arrives whole as a byte array, and every element takes at
 * least one byte, so a count larger than the bytes left cannot be true: it is
 * refused before anything is allocated, and allocation stays within a small
 * multiple of the message's size.
 */
final class BoundedKryo {
    private BoundedKryo() {}

    static void check(Input in, long claimed, String what) {
        check(claimed, in.limit() - in.position(), what);
    }

    static void check(long claimed, long left, String what) {
        if (claimed < 0 || claimed > left) {
            throw new KryoException("a message claims " + claimed + " " + what + " with " + left + " bytes left: refused");
        }
    }

    /** An input over one whole message that refuses counts the rest of the message cannot hold. */
    static final class BoundedInput extends Input {
        BoundedInput(byte[] bytes) {
            super(bytes);
        }

        @Override public byte[] readBytes(int length) throws KryoException {
            check(this, length, "bytes");
            return super.readBytes(length);
        }

        @Override public long[] readLongs(int length, boolean optimizePositive) throws KryoException {
            check(this, length, "longs");
            return super.readLongs(length, optimizePositive);
        }

        @Override public long[] readLongs(int length) throws KryoException {
            check(this, length, "longs");
            return super.readLongs(length);
        }

        @Override public int[] readInts(int length, boolean optimizePositive) throws KryoException {
            check(this, length, "ints");
            return super.readInts(length, optimizePositive);
        }

        /**
         * Kryo's string format: a first byte without bit 7 starts an ASCII
         * string, read byte by byte to its end marker (bounded by the input);
         * otherwise a variable-length char count (6 bits in the first byte, bit
         * 6 to continue, then 7 bits a byte) precedes the chars, and that count
         * is checked before Kryo sizes its char buffer for it.
         */
        @Override public String readString() {
            if (position < limit && (buffer[position] & 0x80) != 0) {
                int p = position;
                int b = buffer[p++];
                long count = b & 0x3F;
                if ((b & 0x40) != 0) {
                    for (int shift = 6; shift <= 27 && p < limit; shift += 7) {
                        b = buffer[p++];
                        count |= (long) (b & 0x7F) << shift;
                        if ((b & 0x80) == 0) break;
                    }
                }
                if (count > 1) check(count - 1, limit - p, "chars"); // 0 is null, 1 is ""
            }
            return super.readString();
        }
    }

    /** ArrayList: the claimed size is checked before the list is sized for it. */
    static final class ArrayListSerializer extends CollectionSerializer<ArrayList<Object>> {
        @Override protected ArrayList<Object> create(Kryo kryo, Input input, Class<? extends ArrayList<Object>> type, int size) {
            check(input, size, "list elements");
            return new ArrayList<>(size);
        }
    }

    /**
     * Java's immutable lists ({@code List.of}, {@code List.copyOf}): a checked
     * size, then the elements, each with its class.
     */
    static final class ImmutableListSerializer extends Serializer<List<Object>> {
        ImmutableListSerializer() {
            super(false, true);
        }

        @Override public void write(Kryo kryo, Output output, List<Object> list) {
            output.writeVarInt(list.size(), true);
            for (Object o : list) kryo.writeClassAndObject(output, o);
        }

        @Override public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            int size = input.readVarInt(true);
            check(input, size, "list elements");
            Object[] items = new Object[size];
            for (int i = 0; i < size; i++) items[i] = kryo.readClassAndObject(input);
            return List.of(items);
        }
    }
}
