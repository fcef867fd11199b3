package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobMatcherTest {

    @ParameterizedTest
    @CsvSource({
            "*,maxmemory,true", "maxmem*,maxmemory,true", "MAXMEM*,maxmemory,true", "*memory,maxmemory,true",
            "max?emory,maxmemory,true", "max??emory,maxmemory,false", "[m]axmemory,maxmemory,true",
            "[^m]axmemory,maxmemory,false", "[a-n]axmemory,maxmemory,true", "[n-z]axmemory,maxmemory,false",
            "[z-a]axmemory,maxmemory,true", "max\\*,max*,true", "max\\*,maxx,false", "*-*-*,a-b-c,true",
            "h?llo,hello,true", "h*llo,hllo,true", "h[ae]llo,hillo,false", "*,'',false", "a*,'',false",
            "[abc,b,true", "tls-*,tls-port,true", "*port,tls-port,true"})
    void matchesLikeStringmatchlenNocase(String pattern, String value, boolean expected) {
        assertEquals(expected, GlobMatcher.matches(pattern, value, true));
    }

    @ParameterizedTest
    @CsvSource({"A*,abc,false", "a*,abc,true", "[A-C]x,bx,false"})
    void caseSensitiveWhenAsked(String pattern, String value, boolean expected) {
        assertEquals(expected, GlobMatcher.matches(pattern, value, false));
    }
}
