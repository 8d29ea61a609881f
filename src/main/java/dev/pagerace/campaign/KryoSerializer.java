package dev.pagerace.campaign;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.JSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kryo 5 for every message that crosses nodes ({@link CrossNode}): a pool of
 * Kryo instances, registration required, every class under the fixed id
 * listed in {@code pagerace.kryo.classes}, typed actor refs written as their
 * serialized path. An unregistered class is refused on both ends.
 */
public final class KryoSerializer extends JSerializer {
    /** Akka's id for this serializer; must not clash with Akka's own (0-40). */
    public static final int IDENTIFIER = 724_015;

    private final Pool<Kryo> pool;

    public KryoSerializer(ExtendedActorSystem system) {
        Config classes = system.settings().config().getConfig("pagerace.kryo.classes");
        Map<Integer, Class<?>> byId = new TreeMap<>();
        for (var e : classes.root().entrySet()) {
            String name = e.getKey();
            int id = classes.getInt("\"" + name + "\"");
            try {
                Class<?> c = Class.forName(name, false, KryoSerializer.class.getClassLoader());
                if (byId.put(id, c) != null) throw new IllegalArgumentException("pagerace.kryo.classes: id " + id + " used twice");
            } catch (ClassNotFoundException ex) {
                throw new IllegalArgumentException("pagerace.kryo.classes: no class " + name, ex);
            }
        }
        ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
        this.pool = new Pool<>(true, false, 16) {
            @Override protected Kryo create() {
                Kryo k = new Kryo();
                k.setRegistrationRequired(true);
                k.setReferences(false);
                // only the collections messages use, each with a serializer that checks claimed sizes
                // (BoundedKryo); Java's immutable sets and maps are deliberately not registered
                BoundedKryo.ImmutableListSerializer lists = new BoundedKryo.ImmutableListSerializer();
                k.register(List.of().getClass(), lists, 24);
                k.register(List.of(1).getClass(), lists, 25);
                k.register(long[].class, 20);
                k.register(byte[].class, 23);
                k.register(java.util.ArrayList.class, new BoundedKryo.ArrayListSerializer(), 21);
                ActorRefSerializer refs = new ActorRefSerializer(resolver);
                k.register(akka.actor.typed.internal.adapter.ActorRefAdapter.class, refs, 22);
                for (var e : byId.entrySet()) k.register(e.getValue(), e.getKey());
                return k;
            }
        };
    }

    @Override public int identifier() { return IDENTIFIER; }

    @Override public boolean includeManifest() { return false; }

    @Override public byte[] toBinary(Object o) {
        Kryo k = pool.obtain();
        try (Output out = new Output(256, -1)) {
            k.writeClassAndObject(out, o);
            return out.toBytes();
        } finally {
            pool.free(k);
        }
    }

    @Override public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        Kryo k = pool.obtain();
        try (Input in = new BoundedKryo.BoundedInput(bytes)) {
            return k.readClassAndObject(in);
        } finally {
            pool.free(k);
        }
    }

    /** Typed actor refs travel as their serialization format and are resolved on arrival. */
    private static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
        private final ActorRefResolver resolver;

        ActorRefSerializer(ActorRefResolver resolver) {
            this.resolver = resolver;
        }

        @Override public void write(Kryo kryo, Output output, ActorRef<?> ref) {
            output.writeString(resolver.toSerializationFormat(ref));
        }

        @Override public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
            return resolver.resolveActorRef(input.readString());
        }
    }
}
