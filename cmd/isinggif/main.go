// Command isinggif writes an animated GIF of an Ising lattice relaxing at a
// temperature, as in the 2015 "Ising models and Numba" post: one frame per
// -sweeps sweeps, one pixel (or -scale² pixels) per spin.
//
//	go run ./cmd/isinggif -size 256 -T 2.269 -frames 100 -sweeps 5 -o ising.gif
//	go run ./cmd/isinggif -stencil moore -T 5 -size 200 -scale 2 -o moore.gif
//
// The run is reproducible: the same flags give the same file on every
// machine.
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/gif"
	"io"
	"os"
	"strings"

	"github.com/numkern/numkern/ising"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "isinggif:", err)
		}
		os.Exit(2)
	}
}

// options are the command's flags.
type options struct {
	rows, cols, frames, sweeps, scale, delay, threads int
	temp, j, h                                        float64
	seed                                              uint64
	stencil, out                                      string
	cold                                              bool
}

// run parses args and writes the GIF; messages go to msg.
func run(args []string, msg io.Writer) error {
	fs := flag.NewFlagSet("isinggif", flag.ContinueOnError)
	fs.SetOutput(msg)
	var o options
	size := fs.Int("size", 256, "side of a square lattice (even); -rows and -cols override it")
	fs.IntVar(&o.rows, "rows", 0, "rows of the lattice (even)")
	fs.IntVar(&o.cols, "cols", 0, "columns of the lattice (even)")
	fs.Float64Var(&o.temp, "T", 2.269, "temperature kT (> 0)")
	fs.Float64Var(&o.j, "J", 1, "coupling")
	fs.Float64Var(&o.h, "H", 0, "external field")
	fs.StringVar(&o.stencil, "stencil", "vonneumann", "neighbourhood: vonneumann (4) or moore (8)")
	fs.IntVar(&o.frames, "frames", 100, "number of frames")
	fs.IntVar(&o.sweeps, "sweeps", 1, "sweeps per frame (the first frame is the start)")
	fs.IntVar(&o.scale, "scale", 1, "pixels per spin along each axis")
	fs.IntVar(&o.delay, "delay", 5, "delay between frames, in 1/100 s")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.BoolVar(&o.cold, "cold", false, "start with all spins up instead of a random start")
	fs.IntVar(&o.threads, "threads", 0, "threads (0: all)")
	fs.StringVar(&o.out, "o", "ising.gif", "output file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.rows == 0 {
		o.rows = *size
	}
	if o.cols == 0 {
		o.cols = *size
	}
	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	if err := write(f, o); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(msg, "isinggif: wrote %s (%d frames of %d×%d spins)\n", o.out, o.frames, o.rows, o.cols)
	return nil
}

// write simulates and encodes the animation to w.
func write(w io.Writer, o options) error {
	var st ising.Stencil
	switch strings.ToLower(o.stencil) {
	case "vonneumann", "von-neumann", "4":
		st = ising.VonNeumann
	case "moore", "8":
		st = ising.Moore
	default:
		return fmt.Errorf("unknown stencil %q (vonneumann or moore)", o.stencil)
	}
	if !(o.temp > 0) {
		return fmt.Errorf("temperature %v must be positive", o.temp)
	}
	if o.frames < 1 || o.sweeps < 0 || o.scale < 1 || o.delay < 0 {
		return fmt.Errorf("need frames ≥ 1, sweeps ≥ 0, scale ≥ 1, delay ≥ 0")
	}
	if o.rows > 1<<15/o.scale || o.cols > 1<<15/o.scale {
		return fmt.Errorf("image too large for a GIF (%d×%d spins at scale %d)", o.rows, o.cols, o.scale)
	}
	l, err := ising.New(o.rows, o.cols, ising.Config{Beta: 1 / o.temp, J: o.j, H: o.h, Seed: o.seed,
		Stencil: st, Threads: o.threads, Cold: o.cold})
	if err != nil {
		return err
	}
	anim := &gif.GIF{LoopCount: 0}
	for i := range o.frames {
		if i > 0 {
			l.Sweeps(o.sweeps)
		}
		anim.Image = append(anim.Image, scale(l.Image(), o.scale))
		anim.Delay = append(anim.Delay, o.delay)
	}
	return gif.EncodeAll(w, anim)
}

// scale enlarges img by an integer factor, nearest neighbour.
func scale(img *image.Paletted, k int) *image.Paletted {
	if k == 1 {
		return img
	}
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx()*k, b.Dy()*k), img.Palette)
	for y := range out.Rect.Dy() {
		src := img.Pix[(y/k)*img.Stride:]
		dst := out.Pix[y*out.Stride : y*out.Stride+out.Rect.Dx()]
		for x := range dst {
			dst[x] = src[x/k]
		}
	}
	return out
}
