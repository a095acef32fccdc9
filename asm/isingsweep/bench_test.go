package isingsweep

import "testing"

// BenchmarkLane times the inner loop of the generic kernel, the 16 lanes'
// numbers and compares of a block of words, in numbers per nanosecond.
func BenchmarkLane(b *testing.B) {
	var st [StateWords]uint32
	for i := range st {
		st[i] = uint32(i*7 + 1)
	}
	var cls [block][64]byte
	var thr [256]uint64
	for i := range 64 * block {
		cls[i/64][i%64] = byte(i % 5)
	}
	thr[0], thr[1] = 1<<30, 1<<31
	var flips [block]uint64
	for b.Loop() {
		for l := range Lanes {
			lane(&st, l, &cls, &thr, &flips, block)
		}
	}
	b.ReportMetric(float64(64*block)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "numbers/ns")
}
