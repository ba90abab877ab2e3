package org.meshaudit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Work on the indices 0 to n - 1, shared by helper threads and the thread that {@linkplain #finish finishes} it, each
 * taking the next index as it becomes free. Parts of a stage's work differ much in cost (the first run cold, one rule
 * judges 200k ports and another 20 namespaces), so fixed shares (a parallel stream's four parts on two cores) left one
 * thread with a third of the work when the other ran out. The work must not depend on which thread runs an index or in
 * what order; the caller puts the outcomes in its own order.
 */
public final class Parallel {
    private final int n;
    private final IntConsumer work;
    private final AtomicInteger next = new AtomicInteger();
    private final List<FutureTask<Void>> helpers = new ArrayList<>();

    private Parallel(int n, IntConsumer work) {
        this.n = n;
        this.work = work;
    }

    /** Runs {@code work} for every index, on this thread and the common pool's, and returns when all are done. */
    public static void run(int n, IntConsumer work) {
        start(n, work, null).finish();
    }

    /**
     * Starts helpers (as many as the common pool has threads, at most n - 1) and returns at once.
     *
     * @param ownThreads null: the helpers run on the common pool; otherwise they run on daemon threads of this name
     *                   (work started ahead of its stage, which leaves the pool to that stage's other tasks)
     */
    public static Parallel start(int n, IntConsumer work, String ownThreads) {
        Parallel p = new Parallel(n, work);
        int extra = Math.min(ForkJoinPool.getCommonPoolParallelism(), n - 1);
        for (int h = 0; h < extra; h++) {
            // a FutureTask on either kind of thread: the pool's own tasks hand a helper's failure back as a copy that
            // wraps it, and the caller must get the failure as thrown
            FutureTask<Void> task = new FutureTask<>(p::drain, null);
            if (ownThreads == null) {
                ForkJoinPool.commonPool().execute(task);
            } else {
                Thread t = new Thread(task, ownThreads);
                t.setDaemon(true);
                t.start();
            }
            p.helpers.add(task);
        }
        return p;
    }

    private void drain() {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            work.accept(i);
        }
    }

    /**
     * Runs what is left on this thread and waits for the helpers. A failure on this thread stops the helpers (after
     * their current index) and is rethrown; otherwise the first helper's failure is.
     */
    public void finish() {
        try {
            drain();
        } catch (RuntimeException | Error e) {
            cancel();
            throw e;
        }
        for (FutureTask<Void> h : helpers) {
            join(h); // a helper no pool thread has started yet (a busy pool) runs here and finds nothing left
        }
    }

    /** Stops handing out indices and waits for the helpers (each ends the index it is on); idempotent. */
    public void cancel() {
        next.set(n);
        for (FutureTask<Void> h : helpers) {
            try {
                join(h);
            } catch (RuntimeException | Error e) {
                // its outcome is not wanted
            }
        }
    }

    /**
     * Starts {@code task} on the common pool and returns at once; {@link #join(FutureTask)} gets its value. For work
     * that does not depend on what the caller does next (and waits for nothing itself).
     */
    public static <T> FutureTask<T> fork(Callable<T> task) {
        FutureTask<T> f = new FutureTask<>(task);
        ForkJoinPool.commonPool().execute(f);
        return f;
    }

    /**
     * The value of a task from {@link #fork}: run on this thread if no pool thread has started it yet (so a busy pool
     * never leaves the caller waiting for a task it could run itself), else waited for; rethrows what it threw.
     */
    public static <T> T join(FutureTask<T> task) {
        task.run(); // does nothing once a thread has started it
        return join((Future<T>) task);
    }

    /**
     * Waits for {@code h} to end, through interrupts (the thread's interrupt status is kept: the task ends on its own
     * soon, and what it shares must not be left to it), and returns its value or rethrows what it threw.
     */
    public static <T> T join(Future<T> h) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return h.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
