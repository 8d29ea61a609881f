package dev.pagerace.campaign;

/**
 * Marks the messages that cross nodes. They are bound to pagerace's Kryo
 * serializer, with every class registered under a fixed id (reference.conf,
 * {@code pagerace.kryo.classes}); nothing else is accepted from the network.
 */
public interface CrossNode {}
