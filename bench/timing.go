package main

import (
	"slices"
	"time"
)

// timing is how long to measure each case.
type timing struct {
	budget  time.Duration
	maxRuns int
}

// median runs f once to warm up, then times it until the budget is spent or
// maxRuns runs are done (at least one), and returns the median time.
func (t timing) median(f func() error) (time.Duration, error) {
	if err := f(); err != nil {
		return 0, err
	}
	var times []time.Duration
	var spent time.Duration
	for len(times) < t.maxRuns && (len(times) == 0 || spent < t.budget) {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		d := time.Since(start)
		times = append(times, d)
		spent += d
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}
