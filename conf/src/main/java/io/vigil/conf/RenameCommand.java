package io.vigil.conf;

/** A {@code rename-command <from> <to>} line; an empty {@code to} removes the command. */
public record RenameCommand(String from, String to) {
}
