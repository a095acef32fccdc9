package main

import (
	"fmt"
	"image/gif"
	"io"
	"os"
	"path/filepath"
)

func Example() {
	dir, err := os.MkdirTemp("", "isinggif")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "ising.gif")
	// As: isinggif -size 32 -frames 3 -sweeps 10 -scale 2 -o ising.gif
	if err := run([]string{"-size", "32", "-frames", "3", "-sweeps", "10", "-scale", "2", "-o", out}, io.Discard); err != nil {
		panic(err)
	}
	f, err := os.Open(out)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(g.Image), "frames of", g.Image[0].Bounds().Size())
	// Output: 3 frames of (64,64)
}
