package io.vigil.node.repl;

import io.vigil.node.rdb.RdbFormatException;
import io.vigil.node.rdb.RdbOpcodes;
import io.vigil.node.rdb.RdbValue;
import io.vigil.node.rdb.RdbWriter;

import java.io.IOException;

/**
 * Store values to RDB records and back, delegating to the persistence layer's adapter. Until that
 * adapter exists only strings are handled here.
 */
final class StoreValueCodec implements RdbBridge.ValueCodec {
    static final StoreValueCodec INSTANCE = new StoreValueCodec();

    private static final RdbWriter.ValueEncoder ENCODER = (out, key, value) -> {
        if (value instanceof byte[] bytes) {
            out.writeType(RdbOpcodes.TYPE_STRING);
            out.writeString(key);
            out.writeString(bytes);
            return;
        }
        throw new IOException("cannot encode " + value.getClass().getSimpleName());
    };

    @Override
    public RdbWriter.ValueEncoder encoder() {
        return ENCODER;
    }

    @Override
    public Object decode(RdbValue value) throws RdbFormatException {
        if (value instanceof RdbValue.Str str) {
            return str.value();
        }
        throw new RdbFormatException("unsupported value type " + value.type());
    }
}
