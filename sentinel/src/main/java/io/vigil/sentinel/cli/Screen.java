package io.vigil.sentinel.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where the table goes: redrawn in place (ANSI home + clear) on a terminal, or printed as a block
 * after a {@code ---- HH:mm:ss ----} separator when stdout is a pipe or file. Event lines printed
 * between tables share the same lock so lines never interleave.
 */
final class Screen {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final boolean ansi;

    Screen(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    boolean ansi() {
        return ansi;
    }

    void table(List<String> header, List<String> lines) {
        synchronized (out) {
            StringBuilder b = new StringBuilder();
            if (ansi) {
                b.append("\033[H\033[2J");
                for (String h : header) {
                    b.append(h).append('\n');
                }
            } else {
                b.append("---- ").append(LocalTime.now().format(CLOCK)).append(" ----\n");
            }
            for (String l : lines) {
                b.append(l).append('\n');
            }
            out.print(b);
            out.flush();
        }
    }

    /** A line printed as it happens; on a terminal it would be wiped by the next redraw, so skipped. */
    void line(String s) {
        if (ansi) {
            return;
        }
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    void always(String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }
}
