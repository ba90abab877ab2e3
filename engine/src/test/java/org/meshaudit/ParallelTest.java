package org.meshaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexRunsOnce() {
        for (int n : new int[] {0, 1, 2, 3, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            Parallel.run(n, runs::incrementAndGet);
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs.get(i), "index " + i + " of " + n);
            }
        }
    }

    @Test
    void helpersOnThreadsOfTheirOwnAreNamedAndTheCallerFinishes() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray runs = new AtomicIntegerArray(200);
        Parallel p = Parallel.start(200, i -> {
            threads.add(Thread.currentThread().getName());
            runs.incrementAndGet(i);
        }, "unit-helper");
        p.finish();
        for (int i = 0; i < 200; i++) {
            assertEquals(1, runs.get(i));
        }
        threads.remove(Thread.currentThread().getName());
        assertTrue(threads.stream().allMatch("unit-helper"::equals), threads.toString());
    }

    @Test
    void aFailureOnTheFinishingThreadIsRethrownAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        Thread caller = Thread.currentThread();
        CountDownLatch callerFailed = new CountDownLatch(1);
        // more indices than helpers, and each helper waits on its first: the calling thread gets one and fails
        int n = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 2;
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.run(n, i -> {
            if (Thread.currentThread() == caller) {
                callerFailed.countDown();
                throw boom;
            }
            try {
                callerFailed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertSame(boom, thrown);
    }

    @Test
    void aHelpersFailureIsRethrownAsThrownOnEitherKindOfThread() throws Exception {
        for (String ownThreads : new String[] {null, "unit-fail"}) {
            IllegalStateException boom = new IllegalStateException("boom");
            Thread caller = Thread.currentThread();
            CountDownLatch helperFailed = new CountDownLatch(1);
            Parallel p = Parallel.start(50, i -> {
                if (Thread.currentThread() != caller) {
                    helperFailed.countDown();
                    throw boom;
                }
                try {
                    helperFailed.await(5, TimeUnit.SECONDS); // leave a helper the time to take an index
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, ownThreads);
            if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 1) {
                p.finish();
                return; // no helper on one core
            }
            RuntimeException thrown = assertThrows(RuntimeException.class, p::finish);
            assertSame(boom, thrown, "helpers on " + (ownThreads == null ? "the common pool" : ownThreads));
        }
    }

    @Test
    void cancelStopsHandingOutIndices() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        Parallel p = Parallel.start(100, i -> {
            runs.incrementAndGet(i);
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "unit-cancel");
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 1) {
            p.cancel();
            return; // no helper on one core: nothing ran ahead
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "a helper started");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        p.cancel(); // waits for the helpers' current index, hands out no other
        int ran = 0;
        for (int i = 0; i < 100; i++) {
            ran += runs.get(i);
        }
        assertTrue(ran >= 1 && ran <= java.util.concurrent.ForkJoinPool.getCommonPoolParallelism(), "ran " + ran);
        releaser.join();
    }
    @Test
    void aForkedTaskGivesItsValueOrItsFailureAsThrown() {
        assertEquals(42, Parallel.join(Parallel.fork(() -> 42)));
        IllegalStateException boom = new IllegalStateException("boom");
        FutureTask<Integer> failing = Parallel.fork(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(RuntimeException.class, () -> Parallel.join(failing)));
    }

    /**
     * Holds every thread of the common pool on a latch until the returned latch is counted down, so that work queued
     * on the pool meanwhile is not started by it.
     */
    private static CountDownLatch holdThePool() throws InterruptedException {
        int pool = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(pool);
        CountDownLatch release = new CountDownLatch(1);
        for (int t = 0; t < pool; t++) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(busy.await(5, TimeUnit.SECONDS), "the pool's threads are all busy");
        return release;
    }

    @Test
    void aForkedTaskThatNoPoolThreadHasStartedRunsOnTheCaller() throws Exception {
        CountDownLatch release = holdThePool(); // the forked task stays queued until the caller joins it
        try {
            FutureTask<Thread> ranOn = Parallel.fork(Thread::currentThread);
            assertSame(Thread.currentThread(), Parallel.join(ranOn));
        } finally {
            release.countDown();
        }
    }

    @Test
    void workOnABusyPoolEndsOnTheCaller() throws Exception {
        // a helper queued behind the held pool threads must not hold up the caller, which runs every index itself
        // and then the helper, which finds nothing left
        CountDownLatch release = holdThePool();
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(10);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> Parallel.run(10, runs::incrementAndGet));
            for (int i = 0; i < 10; i++) {
                assertEquals(1, runs.get(i));
            }
        } finally {
            release.countDown();
        }
    }
}
