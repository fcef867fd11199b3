package io.vigil.sentinel.runtime;

import java.util.List;

/**
 * What a link sends first: AUTH (user and password, or password only) and the rename map of the
 * master it belongs to. Replies to AUTH and CLIENT SETNAME are ignored, as in Redis.
 */
record LinkCredentials(String user, String password, MasterOptions renames) {
    static final LinkCredentials NONE = new LinkCredentials(null, null, null);

    List<String> authArgv() {
        if (password == null) {
            return null;
        }
        return user == null ? List.of("AUTH", password) : List.of("AUTH", user, password);
    }

    String map(String command) {
        return renames == null ? command : renames.map(command);
    }
}
