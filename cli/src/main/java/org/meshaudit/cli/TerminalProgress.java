package org.meshaudit.cli;

import java.io.PrintWriter;
import org.meshaudit.collect.cluster.Progress;

/**
 * Progress of a live collection: one rewritten status line on a terminal (kinds listed, objects read); nothing when
 * stderr is not a TTY. Warnings (reads the preflight found denied) are printed either way unless quiet.
 */
final class TerminalProgress implements Progress {
    private final PrintWriter err;
    private final boolean tty;
    private final boolean quiet;
    private String kind = "";
    private int index;
    private int total;
    private long objects;
    private long lastPrint;

    TerminalProgress(PrintWriter err, boolean tty, boolean quiet) {
        this.err = err;
        this.tty = tty && !quiet;
        this.quiet = quiet;
    }

    static boolean isTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void kind(String label, int i, int n) {
        kind = label;
        index = i;
        total = n;
        print(true);
    }

    @Override
    public void objects(long n) {
        objects = n;
        print(false);
    }

    @Override
    public void warn(String line) {
        if (!quiet) {
            if (tty) {
                err.print("\r\033[K");
            }
            err.println("meshaudit: warning: " + line);
            err.flush();
        }
    }

    @Override
    public void done() {
        if (tty) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void print(boolean force) {
        if (!tty) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastPrint < 100_000_000L) {
            return;
        }
        lastPrint = now;
        err.print("\r\033[Kreading [" + index + "/" + total + "] " + kind + " - " + objects + " objects read");
        err.flush();
    }
}
