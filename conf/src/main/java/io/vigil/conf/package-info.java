/** Config model: parses redis.conf/sentinel.conf syntax, applies command-line overrides, rewrites files in place and saves them atomically. */
package io.vigil.conf;
