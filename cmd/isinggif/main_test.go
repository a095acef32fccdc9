package main

import (
	"bytes"
	"image/gif"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/numkern/numkern/internal/golden" // defines -update
	"github.com/numkern/numkern/ising"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a.gif")
	var msg bytes.Buffer
	err := run([]string{"-rows", "8", "-cols", "12", "-frames", "4", "-sweeps", "2", "-scale", "3", "-T", "2", "-stencil", "moore", "-o", out}, &msg)
	require.NoError(t, err)
	require.Contains(t, msg.String(), "wrote")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	g, err := gif.DecodeAll(f)
	require.NoError(t, err)
	require.Len(t, g.Image, 4)
	require.Equal(t, []int{5, 5, 5, 5}, g.Delay)
	for _, img := range g.Image {
		require.Equal(t, 36, img.Bounds().Dx())
		require.Equal(t, 24, img.Bounds().Dy())
	}
	// The first frame is the random start of the same lattice, scaled.
	l, err := ising.New(8, 12, ising.Config{Beta: 0.5, J: 1, Seed: 1, Stencil: ising.Moore})
	require.NoError(t, err)
	s := l.Spins()
	for y := range 24 {
		for x := range 36 {
			want := uint8(0)
			if s[(y/3)*12+x/3] == 1 {
				want = 1
			}
			require.Equal(t, want, g.Image[0].ColorIndexAt(x, y))
		}
	}
	// Deterministic output.
	out2 := filepath.Join(t.TempDir(), "b.gif")
	require.NoError(t, run([]string{"-rows", "8", "-cols", "12", "-frames", "4", "-sweeps", "2", "-scale", "3", "-T", "2", "-stencil", "moore", "-o", out2}, &msg))
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(out2)
	require.Equal(t, a, b)
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	var msg bytes.Buffer
	for _, args := range [][]string{
		{"-size", "7"},
		{"-T", "0"},
		{"-T", "-1"},
		{"-stencil", "hex"},
		{"-frames", "0"},
		{"-scale", "0"},
		{"-size", "40000"},
		{"extra"},
		{"-nosuchflag"},
	} {
		err := run(append(args, "-o", filepath.Join(dir, "x.gif")), &msg)
		require.Error(t, err, "%v", args)
	}
}
