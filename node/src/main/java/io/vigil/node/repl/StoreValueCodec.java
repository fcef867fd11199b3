package io.vigil.node.repl;

import io.vigil.node.rdb.RdbFormatException;
import io.vigil.node.rdb.RdbValue;
import io.vigil.node.rdb.RdbWriter;
import io.vigil.node.rdb.StoreCodec;
import io.vigil.node.store.Keyspace;

/** Store values to RDB records and back, through the persistence layer's {@link StoreCodec}. */
final class StoreValueCodec implements RdbBridge.ValueCodec {
    private final Keyspace keyspace;
    private final StoreCodec encoder = new StoreCodec();

    StoreValueCodec(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    @Override
    public RdbWriter.ValueEncoder encoder() {
        return encoder;
    }

    @Override
    public Object decode(RdbValue value) throws RdbFormatException {
        return StoreCodec.toStore(value, keyspace.limits());
    }
}
