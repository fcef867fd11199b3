package io.vigil.sentinel.core;

/** Event levels (spec 3.1): DEBUG is never published; WARNING also runs the notification script. */
public enum EventLevel {
    DEBUG,
    VERBOSE,
    NOTICE,
    WARNING
}
