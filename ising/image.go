package ising

import (
	"image"
	"image/color"
)

// Palette is the palette of Image: index 0 for spin -1 (dark blue), 1 for
// spin +1 (light sand).
var Palette = color.Palette{
	color.RGBA{R: 0x1d, G: 0x2f, B: 0x5e, A: 0xff},
	color.RGBA{R: 0xf4, G: 0xe9, B: 0xcd, A: 0xff},
}

// Image returns the lattice as a Cols()×Rows() paletted image, one pixel per
// spin (row r is y = r), with colours from Palette.
func (l *Lattice) Image() *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, l.cols, l.rows), Palette)
	for r := range l.rows {
		row := img.Pix[r*img.Stride : r*img.Stride+l.cols]
		for c := range row {
			if l.get(r, c) {
				row[c] = 1
			}
		}
	}
	return img
}
