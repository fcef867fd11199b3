package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.HelloMessage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelloParserTest {
    @Test
    void helloPayloadRoundTrips() {
        String p = "127.0.0.1,26391,d43faef192d94310ed79eebe8f8ecdab68033a8d,0,mymaster,127.0.0.1,16379,0";
        HelloMessage h = HelloParser.parse(p).orElseThrow();
        assertEquals("127.0.0.1", h.sentinelIp());
        assertEquals(26391, h.sentinelPort());
        assertEquals("d43faef192d94310ed79eebe8f8ecdab68033a8d", h.runId());
        assertEquals("mymaster", h.masterName());
        assertEquals(16379, h.masterPort());
        assertEquals(p, h.payload());
    }

    @Test
    void helloWithWrongFieldCountOrBadNumbersIsIgnored() {
        assertTrue(HelloParser.parse("a,1,id,0,m,ip,1").isEmpty());
        assertTrue(HelloParser.parse("a,1,id,0,m,ip,1,0,extra").isEmpty());
        assertTrue(HelloParser.parse("a,x,id,0,m,ip,1,0").isEmpty());
        assertTrue(HelloParser.parse("a,1,id,0,m,ip,70000,0").isEmpty());
        assertTrue(HelloParser.parse("a,1,id,-1,m,ip,1,0").isEmpty());
        assertTrue(HelloParser.parse(",1,id,0,m,ip,1,0").isEmpty());
        assertTrue(HelloParser.parse("").isEmpty());
        assertTrue(HelloParser.parse(null).isEmpty());
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(60); k > 0; k--) {
                sb.append("a,1-9 ".charAt(r.nextInt(6)));
            }
            HelloParser.parse(sb.toString());
        }
    }
}
