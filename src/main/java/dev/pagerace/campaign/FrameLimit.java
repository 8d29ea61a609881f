package dev.pagerace.campaign;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;

/**
 * Artery drops a message larger than its frame (it logs on the sender and
 * the receiver waits in vain): a batch would be resent at every batch
 * timeout until its attempts ran out, about 40 minutes. So the driver
 * serializes each RunBatch, and a worker each BatchDone, with the project's
 * serializer before sending, and compares the size with the configured frame;
 * a message that does not fit stops the campaign at once with its size and
 * the setting to change (exit 3).
 */
final class FrameLimit {
    static final String SETTING = "akka.remote.artery.advanced.maximum-frame-size";

    /** Room for what Artery adds around the payload: recipient and sender paths, manifest, header. */
    static final int HEADROOM = 4096;

    private final long frame;
    private final Serialization serialization;

    FrameLimit(ActorSystem<?> system) {
        var config = system.settings().config();
        this.frame = config.hasPath(SETTING) ? config.getBytes(SETTING) : Long.MAX_VALUE;
        this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    }

    long frame() { return frame; }

    /** Null when {@code message} fits a frame; otherwise why not, naming the size and the setting. */
    String tooLarge(Object message, String what, String remedy) {
        int size = serialization.findSerializerFor(message).toBinary(message).length;
        if (size + HEADROOM <= frame) return null;
        return what + " is " + size + " bytes serialized, more than fits the cluster's message frame (" + SETTING + " = " + frame
            + " bytes, less " + HEADROOM + " for the envelope): " + remedy;
    }
}
