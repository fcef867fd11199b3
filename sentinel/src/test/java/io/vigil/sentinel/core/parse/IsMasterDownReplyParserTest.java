package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.IsMasterDownReply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IsMasterDownReplyParserTest {
    @Test
    void replyWithVoteIsParsed() {
        assertEquals(new IsMasterDownReply(true, "abc", 3),
                IsMasterDownReplyParser.parse(List.of(1L, "abc".getBytes(StandardCharsets.UTF_8), 3L)).orElseThrow());
        assertEquals(new IsMasterDownReply(false, null, 0), IsMasterDownReplyParser.parse(List.of(0, "*", 0)).orElseThrow());
    }

    @Test
    void malformedRepliesAreRejected() {
        assertTrue(IsMasterDownReplyParser.parse(List.of(1L, "abc")).isEmpty());
        assertTrue(IsMasterDownReplyParser.parse(List.of("1", "abc", 3L)).isEmpty());
        assertTrue(IsMasterDownReplyParser.parse(List.of(1L, 5L, 3L)).isEmpty());
        assertTrue(IsMasterDownReplyParser.parse(Arrays.asList(1L, null, 3L)).isEmpty());
        assertTrue(IsMasterDownReplyParser.parse("ERR").isEmpty());
        assertTrue(IsMasterDownReplyParser.parse(null).isEmpty());
    }
}
