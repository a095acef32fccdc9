package parallel

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/numkern/numkern/internal/golden" // defines -update
	"github.com/stretchr/testify/require"
)

func TestForRunsEveryIteration(t *testing.T) {
	var wg sync.WaitGroup
	for _, n := range []int{0, 1, 2, 3, 17} {
		hits := make([]int32, n)
		For(n, func(i int) { atomic.AddInt32(&hits[i], 1) }, &wg)
		for i, h := range hits {
			require.Equal(t, int32(1), h, "n=%d i=%d", n, i)
		}
	}
}

func TestForAllocatesNothing(t *testing.T) {
	var wg sync.WaitGroup
	var sum atomic.Int64
	body := func(i int) { sum.Add(int64(i)) }
	For(4, body, &wg) // start the workers
	require.Zero(t, testing.AllocsPerRun(50, func() { For(4, body, &wg) }))
}

func TestConcurrentCallers(t *testing.T) {
	var outer sync.WaitGroup
	for c := range 4 {
		outer.Add(1)
		go func() {
			defer outer.Done()
			var wg sync.WaitGroup
			var sum atomic.Int64
			for range 100 {
				For(3, func(i int) { sum.Add(int64(i + c)) }, &wg)
			}
			require.Equal(t, int64(100*(3+3*c)), sum.Load())
		}()
	}
	outer.Wait()
}

func ExampleFor() {
	var wg sync.WaitGroup
	squares := make([]int, 5)
	For(len(squares), func(i int) { squares[i] = i * i }, &wg)
	fmt.Println(squares)
	// Output: [0 1 4 9 16]
}
