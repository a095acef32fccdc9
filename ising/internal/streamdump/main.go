// Command streamdump writes the random numbers of an ising lattice to
// standard output as raw little-endian 32-bit words, in exactly the order a
// single-threaded sweep of a lattice with the given number of rows and
// words per half-row consumes them: for every pass, row 0's 64·W numbers
// (lane-interleaved, see package stream), then row 1's, and so on. It is
// meant for statistical test suites:
//
//	go run ./ising/internal/streamdump -seed 1 | dieharder -a -g 200
//
// It writes until standard output is closed, or -words numbers if positive.
package main

import (
	"bufio"
	"encoding/binary"
	"flag"
	"log"
	"os"

	"github.com/numkern/numkern/ising/internal/stream"
)

func main() {
	log.SetFlags(0)
	seed := flag.Uint64("seed", 1, "lattice seed")
	rows := flag.Int("rows", 64, "lattice rows (each has its own 16 streams)")
	words := flag.Int("w", 1, "64-bit words per half-row (numbers per row pass: 64·w)")
	limit := flag.Int64("words", 0, "stop after this many 32-bit words (0: never)")
	flag.Parse()
	if *rows < 1 || *words < 1 {
		log.Fatal("streamdump: -rows and -w must be positive")
	}
	key, _ := stream.Keys(*seed)
	st := make([]stream.Row, *rows)
	for r := range st {
		st[r] = stream.Seed(key, r)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	buf := make([]uint32, 64**words)
	bytes := make([]byte, 4*len(buf))
	var written int64
	for {
		for r := range st {
			st[r].Fill(buf)
			for i, v := range buf {
				binary.LittleEndian.PutUint32(bytes[4*i:], v)
			}
			b := bytes
			if *limit > 0 && written+int64(len(buf)) > *limit {
				b = b[:4*(*limit-written)]
			}
			if _, err := out.Write(b); err != nil {
				return // reader closed the pipe
			}
			written += int64(len(b) / 4)
			if *limit > 0 && written >= *limit {
				if err := out.Flush(); err != nil {
					log.Fatal(err)
				}
				return
			}
		}
	}
}
