package io.vigil.conf;

import java.util.List;

/**
 * The generic rewrite entry point, for any config file in redis.conf syntax (node or sentinel):
 * "here are the file's old contents and, per option key, the new lines". The sentinel builds its
 * {@code sentinel <word>} options on top of this with {@link LineClassifier#sentinel}.
 */
public final class ConfigRewriter {
    private ConfigRewriter() {
    }

    /**
     * Rewrites {@code oldContent}: options are processed in the given order, then orphaned lines of
     * processed options are blanked.
     */
    public static String rewrite(String oldContent, LineClassifier classifier, List<OptionRewrite> options) {
        RewriteState state = RewriteState.parse(oldContent, classifier);
        apply(state, options);
        state.removeOrphaned();
        return state.content();
    }

    /** Applies options to a state without finishing it (for callers that add more options). */
    public static void apply(RewriteState state, List<OptionRewrite> options) {
        for (OptionRewrite o : options) {
            for (RewriteLine l : o.lines()) {
                state.rewriteLine(o.option(), l.text(), l.force());
            }
            state.markProcessed(o.option());
        }
    }
}
