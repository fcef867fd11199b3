/**
 * Parsers that turn wire text into the brain's input records: INFO text ({@link
 * io.vigil.sentinel.core.parse.InfoParser}), hello payloads ({@link
 * io.vigil.sentinel.core.parse.HelloParser}) and is-master-down-by-addr replies ({@link
 * io.vigil.sentinel.core.parse.IsMasterDownReplyParser}). They never throw on junk: they return
 * what they could read (INFO, as Redis does) or an empty Optional.
 */
package io.vigil.sentinel.core.parse;
