package io.vigil.node.rdb;

import java.io.IOException;

/** The file is not a valid RDB (corrupt, truncated, or using something this node cannot load). */
public class RdbFormatException extends IOException {
    public RdbFormatException(String message) {
        super(message);
    }

    public RdbFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
