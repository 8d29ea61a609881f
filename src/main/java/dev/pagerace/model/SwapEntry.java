package dev.pagerace.model;

import dev.pagerace.program.DataId;

/** A swap entry in a slot: the data of a page that was written out to swap. */
public record SwapEntry(long id, DataId data) {}
