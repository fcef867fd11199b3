package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.HelloMessage;

import java.util.Optional;

/**
 * Hello payload to {@link HelloMessage}: exactly 8 comma-separated fields, numeric port and epochs
 * (messages with another field count are ignored, as in sentinel.c).
 */
public final class HelloParser {
    private HelloParser() {
    }

    public static Optional<HelloMessage> parse(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        String[] t = payload.split(",", -1);
        if (t.length != 8) {
            return Optional.empty();
        }
        Long port = InfoParser.parseLong(t[1]);
        Long epoch = InfoParser.parseLong(t[3]);
        Long mport = InfoParser.parseLong(t[6]);
        Long cepoch = InfoParser.parseLong(t[7]);
        if (port == null || epoch == null || mport == null || cepoch == null || t[0].isEmpty() || t[2].isEmpty()
                || t[4].isEmpty() || t[5].isEmpty() || port < 0 || port > 65535 || mport < 0 || mport > 65535
                || epoch < 0 || cepoch < 0) {
            return Optional.empty();
        }
        return Optional.of(new HelloMessage(t[0], port.intValue(), t[2], epoch, t[4], t[5], mport.intValue(), cepoch));
    }
}
