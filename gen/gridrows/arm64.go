package main

import (
	"fmt"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// Registers of the NEON kernels. A q register holds one complex tap (re,
// im); a tap weight is applied by element (FMLA by element), so the weights
// need no duplication.
const (
	rGrid a.R = 0  // &grid[0]
	rOff  a.R = 1  // &off[r], post-incremented
	rN    a.R = 2  // rows left
	rRW   a.R = 3  // &rw[r], post-incremented
	rW    a.R = 4  // &w[0]
	rL    a.R = 5  // len(w)
	rP    a.R = 6  // the grid row, advancing over its taps
	rWP   a.R = 7  // the weights, advancing
	rCnt  a.R = 8  // 4-tap groups left in the row
	rQ    a.R = 9  // len(w)/4
	rTmp  a.R = 10 // scratch

	vW0   a.V = 0 // weights w[t], w[t+1]
	vW1   a.V = 1 // weights w[t+2], w[t+3]
	vG    a.V = 2 // V2…V5: four taps of the grid
	vRW   a.V = 8
	vSum  a.V = 6  // V6, V7: row sums
	vS    a.V = 24 // V24…V27: the partial sums s0…s3 (re, im)
	vRI   a.V = 28 // (re, im)
	vC    a.V = 29 // (cr, ci)
	vAcc  a.V = 30 // (accRe, accIm)
	vZero a.V = 31
)

type neon struct {
	a.Builder
	label int
}

func (g *neon) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

func (g *neon) op(mnemonic string, operands ...any) {
	s := make([]string, len(operands))
	for i, o := range operands {
		s[i] = fmt.Sprint(o)
	}
	g.Op(mnemonic, s...)
}

// rowStart loads the row's grid pointer and the weight walk, and jumps to
// tail if the row has no whole 4-tap group.
func (g *neon) rowStart(tail string) {
	g.op("MOVD.P", "8("+rOff.String()+")", rP)
	g.op("ADD", rP.String()+"<<4", rGrid, rP)
	g.op("MOVD", rW, rWP)
	g.op("MOVD", rQ, rCnt)
	g.op("CBZ", rCnt, tail)
}

func (g *neon) header(sig, name string, frame string) {
	g.Rawf("// func %s%s", name, sig)
	g.Rawf("TEXT ·%s(SB), NOSPLIT, %s", name, frame)
	g.op("MOVD", "grid_base+0(FP)", rGrid)
	g.op("MOVD", "off_base+24(FP)", rOff)
	g.op("MOVD", "off_len+32(FP)", rN)
	g.op("MOVD", "rw_base+48(FP)", rRW)
	g.op("MOVD", "w_base+72(FP)", rW)
	g.op("MOVD", "w_len+80(FP)", rL)
	g.op("LSR", "$2", rL, rQ)
}

// spread emits spreadRowsNEON.
func (g *neon) spread() {
	g.header("(grid []complex128, off []int, rw []float64, w []float64, re float64, im float64)", "spreadRowsNEON", "$0-112")
	done := g.newLabel("done")
	g.op("CBZ", rN, done)
	g.Comment("ri = (re, im)")
	g.op("FMOVD", "re+96(FP)", fmt.Sprintf("F%d", vRI))
	g.op("FMOVD", "im+104(FP)", fmt.Sprintf("F%d", vC))
	g.I(a.ZIP1(vRI, vRI, vC))
	row, tail, one, next := g.newLabel("row"), g.newLabel("tail"), g.newLabel("one"), g.newLabel("next")
	g.Label(row)
	g.Comment("c = (re, im)·rw[r], rounded products")
	g.op("FMOVD.P", "8("+rRW.String()+")", fmt.Sprintf("F%d", vRW))
	g.I(a.FMULE(vC, vRI, vRW, 0))
	g.rowStart(tail)
	loop := g.newLabel("taps4")
	g.Label(loop)
	g.Comment("4 taps: g = FMA(c, w[t], g)")
	g.I(a.LD1(vW0, 2, rWP, true), a.LD1(vG, 4, rP, false))
	for k := range 4 {
		g.I(a.FMLAE(vG+a.V(k), vC, vW0+a.V(k/2), k%2))
	}
	g.I(a.ST1(vG, 4, rP, true))
	g.op("SUBS", "$1", rCnt)
	g.op("BNE", loop)
	g.Label(tail)
	g.op("TBZ", "$1", rL, one)
	g.Comment("2 taps")
	g.I(a.LD1(vW0, 1, rWP, true), a.LD1(vG, 2, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0), a.FMLAE(vG+1, vC, vW0, 1))
	g.I(a.ST1(vG, 2, rP, true))
	g.Label(one)
	g.op("TBZ", "$0", rL, next)
	g.Comment("1 tap")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0))
	g.I(a.ST1(vG, 1, rP, false))
	g.Label(next)
	g.op("SUBS", "$1", rN)
	g.op("BNE", row)
	g.Label(done)
	g.op("RET")
}

// dot emits dotRowsNEON.
func (g *neon) dot() {
	g.header("(grid []complex128, off []int, rw []float64, w []float64) (accRe float64, accIm float64)", "dotRowsNEON", "$0-112")
	g.op("MOVD", "$0", rTmp)
	g.I(a.DUPGP(vZero, rTmp), a.MOV(vAcc, vZero))
	done := g.newLabel("done")
	g.op("CBZ", rN, done)
	row, tail, one, combine := g.newLabel("row"), g.newLabel("tail"), g.newLabel("one"), g.newLabel("combine")
	g.Label(row)
	g.Comment("s0…s3 = 0: the partial sums of taps ≡ 0…3 (mod 4)")
	for k := range 4 {
		g.I(a.MOV(vS+a.V(k), vZero))
	}
	g.rowStart(tail)
	loop := g.newLabel("taps4")
	g.Label(loop)
	g.Comment("4 taps: s[k] = FMA(w[t+k], g[t+k], s[k])")
	g.I(a.LD1(vW0, 2, rWP, true), a.LD1(vG, 4, rP, true))
	for k := range 4 {
		g.I(a.FMLAE(vS+a.V(k), vG+a.V(k), vW0+a.V(k/2), k%2))
	}
	g.op("SUBS", "$1", rCnt)
	g.op("BNE", loop)
	g.Label(tail)
	g.op("TBZ", "$1", rL, one)
	g.Comment("taps ≡ 0, 1 (mod 4)")
	g.I(a.LD1(vW0, 1, rWP, true), a.LD1(vG, 2, rP, true))
	g.I(a.FMLAE(vS, vG, vW0, 0), a.FMLAE(vS+1, vG+1, vW0, 1))
	g.op("TBZ", "$0", rL, combine)
	g.Comment("tap ≡ 2 (mod 4)")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vS+2, vG, vW0, 0))
	g.op("B", combine)
	g.Label(one)
	g.op("TBZ", "$0", rL, combine)
	g.Comment("tap ≡ 0 (mod 4)")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vS, vG, vW0, 0))
	g.Label(combine)
	g.Comment("acc = FMA(rw[r], (s0+s1)+(s2+s3), acc)")
	g.I(a.FADD(vSum, vS, vS+1), a.FADD(vSum+1, vS+2, vS+3), a.FADD(vSum, vSum, vSum+1))
	g.op("FMOVD.P", "8("+rRW.String()+")", fmt.Sprintf("F%d", vRW))
	g.I(a.FMLAE(vAcc, vSum, vRW, 0))
	g.op("SUBS", "$1", rN)
	g.op("BNE", row)
	g.Label(done)
	g.op("FMOVD", fmt.Sprintf("F%d", vAcc), "accRe+96(FP)")
	g.I(a.DUPE(vAcc, vAcc, 1))
	g.op("FMOVD", fmt.Sprintf("F%d", vAcc), "accIm+104(FP)")
	g.op("RET")
}

// genARM64 returns the arm64 assembly file.
func genARM64() []byte {
	g := &neon{}
	g.Rawf("// Code generated by %s. DO NOT EDIT.", generatorName)
	g.Blank()
	g.Raw("//go:build gc && !purego")
	g.Blank()
	g.Raw(`#include "textflag.h"`)
	g.Blank()
	g.spread()
	g.Blank()
	g.dot()
	g.Blank()
	g.spreadPoints()
	g.Blank()
	g.dotPoints()
	g.Blank()
	g.spreadPlane()
	return []byte(g.String())
}
