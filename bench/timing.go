package main

import (
	"time"
)

// timing is how long to measure each case.
type timing struct {
	budget  time.Duration
	maxRuns int
}

// runs runs f once to warm up, then times it until the budget is spent or
// maxRuns runs are done (at least one), and returns the times.
func (t timing) runs(f func() error) ([]time.Duration, error) {
	if err := f(); err != nil {
		return nil, err
	}
	var times []time.Duration
	var spent time.Duration
	for len(times) < t.maxRuns && (len(times) == 0 || spent < t.budget) {
		start := time.Now()
		if err := f(); err != nil {
			return nil, err
		}
		d := time.Since(start)
		times = append(times, d)
		spent += d
	}
	return times, nil
}

// median is runs reduced to the median time.
func (t timing) median(f func() error) (time.Duration, error) {
	times, err := t.runs(f)
	if err != nil {
		return 0, err
	}
	return medianOf(times), nil
}

func medianOf(times []time.Duration) time.Duration {
	s := append([]time.Duration(nil), times...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}
