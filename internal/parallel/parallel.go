// Package parallel runs loops on a process-wide pool of worker goroutines
// without allocating, so that plans can use several threads and still keep
// the promise that Execute allocates nothing in steady state. (A go
// statement allocates; sending a job to a waiting worker does not.)
package parallel

import (
	"sync"
)

// job is one iteration of a For loop.
type job struct {
	body func(int)
	i    int
	done *sync.WaitGroup
}

var pool struct {
	mu      sync.Mutex
	jobs    chan job
	workers int
}

// ensureWorkers starts workers until at least n are running.
func ensureWorkers(n int) {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	if pool.jobs == nil {
		pool.jobs = make(chan job, 64)
	}
	for ; pool.workers < n; pool.workers++ {
		go work(pool.jobs)
	}
}

func work(jobs <-chan job) {
	for j := range jobs {
		j.body(j.i)
		j.done.Done()
	}
}

// For calls body(i) for i = 0 … n-1, body(0) on the calling goroutine and
// the others on pool workers, and returns when all have returned. wait is
// the caller's WaitGroup, kept by the caller so that For allocates nothing;
// it must not be in use by another For at the same time. body must not call
// For itself.
func For(n int, body func(int), wait *sync.WaitGroup) {
	if n <= 0 {
		return
	}
	if n > 1 {
		ensureWorkers(n - 1)
		wait.Add(n - 1)
		for i := 1; i < n; i++ {
			pool.jobs <- job{body: body, i: i, done: wait}
		}
	}
	body(0)
	wait.Wait()
}
