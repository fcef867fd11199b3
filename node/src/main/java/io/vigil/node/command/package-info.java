/** The node's command families, each a {@link io.vigil.node.NodeFeature} that registers its commands. */
package io.vigil.node.command;
