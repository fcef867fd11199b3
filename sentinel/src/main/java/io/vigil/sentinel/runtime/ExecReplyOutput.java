package io.vigil.sentinel.runtime;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The reply of the reconfiguration transaction's EXEC. A command failing inside the transaction
 * (CONFIG REWRITE on a server started without a config file answers -ERR) is one element of the
 * array, here its error text, not a failure of the whole reply as lettuce's plain ArrayOutput would
 * make it: SLAVEOF's own +OK must still be seen, or the brain would not ask INFO of the promoted
 * replica at once and the promotion would wait for the next INFO poll (up to 1 s).
 * An error before the array (EXECABORT) still fails the reply.
 */
final class ExecReplyOutput extends ArrayOutput<String, String> {
    private boolean inArray;

    ExecReplyOutput() {
        super(StringCodec.UTF8);
    }

    @Override
    public void multi(int count) {
        inArray = true;
        super.multi(count);
    }

    @Override
    public void setError(ByteBuffer error) {
        if (inArray) {
            super.set(error);
        } else {
            super.setError(error);
        }
    }

    @Override
    public void setError(String error) {
        if (inArray) {
            super.set(ByteBuffer.wrap(error.getBytes(StandardCharsets.UTF_8)));
        } else {
            super.setError(error);
        }
    }
}
