// Package arm64 prints Go (Plan 9) arm64 assembly for the kernel generators.
//
// avo, which generates the amd64 kernels, has no arm64 backend, so this
// package is the small emitter the arm64 generators use instead. A [Builder]
// collects lines of assembly text; its instruction methods take their
// operands in the ARM architecture's order (destination first, as in the Arm
// Architecture Reference Manual and GNU as) and print them in Go's order,
// which is reversed, so that the generators read like the ARM
// documentation and the reversal lives in one tested place.
//
// Go's assembler knows many Advanced SIMD instructions under its own
// mnemonics (VFMLA, VFMLS, VDUP, VZIP1, VLD1, VST1, VADD, VSUB, VSHL, ...)
// and the scalar floating-point ones (FMADDD, FMSUBD, FMAXD, ...); those are
// printed natively. The rest (vector FADD, FSUB, FMUL, FMAX, FMIN, FNEG, and
// FMUL/FMLA/FMLS by element) are printed as WORD directives whose value an
// encoder function of this package computes from the register numbers, with
// the GNU mnemonic in a trailing comment. Every instruction also knows its
// GNU spelling ([Inst.GNU]), which the tests use to check both kinds against
// the GNU assembler: the encoders bit for bit, the native forms through Go's
// assembler.
//
// All vector instructions here work on two float64 (or uint64) lanes: the
// arrangement .2D (Go: .D2).
package arm64

import (
	"fmt"
	"strings"
)

// V is a SIMD&FP register number, 0 to 31: V0…V31 as vectors, F0…F31 (the
// low 64 bits) as scalars.
type V uint8

// R is a general-purpose register number, 0 to 30. Go reserves R18
// (platform), R26 (closure context), R27 (assembler temporary), R28 (g),
// R29 (frame pointer) and R30 (link register); kernels use R0–R17 and
// R19–R25.
type R uint8

// Inst is one instruction: its Go assembler text, its GNU assembler text,
// and, for an instruction Go's assembler lacks, the encoded word that Go
// prints as a WORD directive.
type Inst struct {
	// Go is the line as printed in the .s file, without indentation.
	Go string
	// GNU is the same instruction in GNU as syntax.
	GNU string
	// Word is the encoding of an instruction printed as WORD; it is 0 for
	// an instruction printed with a native Go mnemonic.
	Word uint32
}

// Native reports whether Go's assembler encodes the instruction itself
// (as opposed to a WORD directive).
func (i Inst) Native() bool { return i.Word == 0 }

func (v V) check() {
	if v > 31 {
		panic(fmt.Sprintf("arm64: vector register %d out of range", v))
	}
}

func (r R) check() {
	if r > 30 {
		panic(fmt.Sprintf("arm64: general register %d out of range", r))
	}
}

// d2 returns Go's name of v with the two-double arrangement, "V3.D2".
func (v V) d2() string { v.check(); return fmt.Sprintf("V%d.D2", v) }

// gnu2d returns GNU's name of v with the two-double arrangement, "v3.2d".
func (v V) gnu2d() string { v.check(); return fmt.Sprintf("v%d.2d", v) }

// f returns Go's name of the scalar double register, "F3".
func (v V) f() string { v.check(); return fmt.Sprintf("F%d", v) }

func (v V) gnuD() string { v.check(); return fmt.Sprintf("d%d", v) }

// String returns Go's name of the register, "R3".
func (r R) String() string { r.check(); return fmt.Sprintf("R%d", r) }

func (r R) gnu() string { r.check(); return fmt.Sprintf("x%d", r) }

func word(enc uint32, gnu string) Inst {
	return Inst{Go: fmt.Sprintf("WORD\t$0x%08x\t// %s", enc, gnu), GNU: gnu, Word: enc}
}

// rrr encodes a three-register instruction: base | m<<16 | n<<5 | d.
func rrr(base uint32, d, n, m V) uint32 {
	d.check()
	n.check()
	m.check()
	return base | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
}

// elem encodes a by-element instruction on .2D with index idx of Vm.D:
// index bit H is bit 11, L is 0, and M:Rm is the full register number.
func elem(base uint32, d, n, m V, idx int) uint32 {
	if idx != 0 && idx != 1 {
		panic(fmt.Sprintf("arm64: element index %d of a .D register", idx))
	}
	return rrr(base, d, n, m) | uint32(idx)<<11
}

func gnu3(op string, d, n, m V) string {
	return fmt.Sprintf("%s %s, %s, %s", op, d.gnu2d(), n.gnu2d(), m.gnu2d())
}

func gnuElem(op string, d, n, m V, idx int) string {
	return fmt.Sprintf("%s %s, %s, v%d.d[%d]", op, d.gnu2d(), n.gnu2d(), m, idx)
}

// Encoded instructions (printed as WORD).

// FADD is the vector d = n + m.
func FADD(d, n, m V) Inst { return word(rrr(0x4e60d400, d, n, m), gnu3("fadd", d, n, m)) }

// FSUB is the vector d = n - m.
func FSUB(d, n, m V) Inst { return word(rrr(0x4ee0d400, d, n, m), gnu3("fsub", d, n, m)) }

// FMUL is the vector d = n · m, rounded (not fused with anything).
func FMUL(d, n, m V) Inst { return word(rrr(0x6e60dc00, d, n, m), gnu3("fmul", d, n, m)) }

// FMAX is the vector d = max(n, m).
func FMAX(d, n, m V) Inst { return word(rrr(0x4e60f400, d, n, m), gnu3("fmax", d, n, m)) }

// FMIN is the vector d = min(n, m).
func FMIN(d, n, m V) Inst { return word(rrr(0x4ee0f400, d, n, m), gnu3("fmin", d, n, m)) }

// FNEG is the vector d = -n (flips the sign bits; exact).
func FNEG(d, n V) Inst {
	return word(rrr(0x6ee0f800, d, n, 0), fmt.Sprintf("fneg %s, %s", d.gnu2d(), n.gnu2d()))
}

// FMULE is d = n · m[idx]: every lane of n times element idx of m, rounded.
func FMULE(d, n, m V, idx int) Inst {
	return word(elem(0x4fc09000, d, n, m, idx), gnuElem("fmul", d, n, m, idx))
}

// FMLAE is d = d + n · m[idx], fused (one rounding): FMA(n, m[idx], d).
func FMLAE(d, n, m V, idx int) Inst {
	return word(elem(0x4fc01000, d, n, m, idx), gnuElem("fmla", d, n, m, idx))
}

// FMLSE is d = d - n · m[idx], fused: FMA(-n, m[idx], d).
func FMLSE(d, n, m V, idx int) Inst {
	return word(elem(0x4fc05000, d, n, m, idx), gnuElem("fmls", d, n, m, idx))
}

// Native vector instructions.

func native3(goOp, gnuOp string, d, n, m V) Inst {
	return Inst{
		Go:  fmt.Sprintf("%s\t%s, %s, %s", goOp, m.d2(), n.d2(), d.d2()),
		GNU: gnu3(gnuOp, d, n, m),
	}
}

// FMLA is the vector d = d + n · m, fused: FMA(n, m, d).
func FMLA(d, n, m V) Inst { return native3("VFMLA", "fmla", d, n, m) }

// FMLS is the vector d = d - n · m, fused: FMA(-n, m, d).
func FMLS(d, n, m V) Inst { return native3("VFMLS", "fmls", d, n, m) }

// ADD is the integer vector d = n + m on 64-bit lanes (modulo 2^64).
func ADD(d, n, m V) Inst { return native3("VADD", "add", d, n, m) }

// SUB is the integer vector d = n - m on 64-bit lanes (modulo 2^64).
func SUB(d, n, m V) Inst { return native3("VSUB", "sub", d, n, m) }

// ZIP1 is d = {n[0], m[0]}.
func ZIP1(d, n, m V) Inst { return native3("VZIP1", "zip1", d, n, m) }

// ZIP2 is d = {n[1], m[1]}.
func ZIP2(d, n, m V) Inst { return native3("VZIP2", "zip2", d, n, m) }

// SHL is d = n << shift on 64-bit lanes.
func SHL(d, n V, shift int) Inst {
	if shift < 0 || shift > 63 {
		panic(fmt.Sprintf("arm64: shift %d", shift))
	}
	return Inst{
		Go:  fmt.Sprintf("VSHL\t$%d, %s, %s", shift, n.d2(), d.d2()),
		GNU: fmt.Sprintf("shl %s, %s, #%d", d.gnu2d(), n.gnu2d(), shift),
	}
}

// DUPE is d = {n[idx], n[idx]}.
func DUPE(d, n V, idx int) Inst {
	if idx != 0 && idx != 1 {
		panic(fmt.Sprintf("arm64: element index %d of a .D register", idx))
	}
	n.check()
	return Inst{
		Go:  fmt.Sprintf("VDUP\tV%d.D[%d], %s", n, idx, d.d2()),
		GNU: fmt.Sprintf("dup %s, v%d.d[%d]", d.gnu2d(), n, idx),
	}
}

// MOV copies the whole vector register n to d.
func MOV(d, n V) Inst {
	d.check()
	n.check()
	return Inst{
		Go:  fmt.Sprintf("VMOV\tV%d.B16, V%d.B16", n, d),
		GNU: fmt.Sprintf("mov v%d.16b, v%d.16b", d, n),
	}
}

// vlist returns Go's and GNU's register lists for consecutive registers
// v, v+1, …, v+count-1 (ld1/st1 require consecutive numbers).
func vlist(v V, count int) (goList, gnuList string) {
	if count < 1 || count > 4 || int(v)+count > 32 {
		panic(fmt.Sprintf("arm64: register list V%d×%d", v, count))
	}
	var g, n []string
	for i := range count {
		g = append(g, (v + V(i)).d2())
		n = append(n, (v + V(i)).gnu2d())
	}
	return "[" + strings.Join(g, ", ") + "]", "{" + strings.Join(n, ", ") + "}"
}

// LD1 loads count consecutive registers from v on from the address in base,
// then adds the bytes loaded (16·count) to base if post is true.
func LD1(v V, count int, base R, post bool) Inst {
	g, n := vlist(v, count)
	if post {
		return Inst{
			Go:  fmt.Sprintf("VLD1.P\t%d(%s), %s", 16*count, base, g),
			GNU: fmt.Sprintf("ld1 %s, [%s], #%d", n, base.gnu(), 16*count),
		}
	}
	return Inst{Go: fmt.Sprintf("VLD1\t(%s), %s", base, g), GNU: fmt.Sprintf("ld1 %s, [%s]", n, base.gnu())}
}

// ST1 stores count consecutive registers from v on at the address in base,
// then adds the bytes stored (16·count) to base if post is true.
func ST1(v V, count int, base R, post bool) Inst {
	g, n := vlist(v, count)
	if post {
		return Inst{
			Go:  fmt.Sprintf("VST1.P\t%s, %d(%s)", g, 16*count, base),
			GNU: fmt.Sprintf("st1 %s, [%s], #%d", n, base.gnu(), 16*count),
		}
	}
	return Inst{Go: fmt.Sprintf("VST1\t%s, (%s)", g, base), GNU: fmt.Sprintf("st1 %s, [%s]", n, base.gnu())}
}

// ST1Lane stores element idx of v (8 bytes) at the address in base, then
// adds 8 to base if post is true.
func ST1Lane(v V, idx int, base R, post bool) Inst {
	v.check()
	if idx != 0 && idx != 1 {
		panic(fmt.Sprintf("arm64: element index %d of a .D register", idx))
	}
	if post {
		return Inst{
			Go:  fmt.Sprintf("VST1.P\tV%d.D[%d], 8(%s)", v, idx, base),
			GNU: fmt.Sprintf("st1 {v%d.d}[%d], [%s], #8", v, idx, base.gnu()),
		}
	}
	return Inst{
		Go:  fmt.Sprintf("VST1\tV%d.D[%d], (%s)", v, idx, base),
		GNU: fmt.Sprintf("st1 {v%d.d}[%d], [%s]", v, idx, base.gnu()),
	}
}

// LD1R loads one float64 from the address in base into both lanes of v,
// then adds 8 to base if post is true.
func LD1R(v V, base R, post bool) Inst {
	if post {
		return Inst{
			Go:  fmt.Sprintf("VLD1R.P\t8(%s), [%s]", base, v.d2()),
			GNU: fmt.Sprintf("ld1r {%s}, [%s], #8", v.gnu2d(), base.gnu()),
		}
	}
	return Inst{
		Go:  fmt.Sprintf("VLD1R\t(%s), [%s]", base, v.d2()),
		GNU: fmt.Sprintf("ld1r {%s}, [%s]", v.gnu2d(), base.gnu()),
	}
}

// Native scalar double-precision instructions.

func scalar3(goOp, gnuOp string, d, n, m V) Inst {
	return Inst{
		Go:  fmt.Sprintf("%s\t%s, %s, %s", goOp, m.f(), n.f(), d.f()),
		GNU: fmt.Sprintf("%s %s, %s, %s", gnuOp, d.gnuD(), n.gnuD(), m.gnuD()),
	}
}

// FADDD is the scalar d = n + m.
func FADDD(d, n, m V) Inst { return scalar3("FADDD", "fadd", d, n, m) }

// FSUBD is the scalar d = n - m.
func FSUBD(d, n, m V) Inst { return scalar3("FSUBD", "fsub", d, n, m) }

// FMULD is the scalar d = n · m, rounded.
func FMULD(d, n, m V) Inst { return scalar3("FMULD", "fmul", d, n, m) }

// FMAXD is the scalar d = max(n, m).
func FMAXD(d, n, m V) Inst { return scalar3("FMAXD", "fmax", d, n, m) }

// FMIND is the scalar d = min(n, m).
func FMIND(d, n, m V) Inst { return scalar3("FMIND", "fmin", d, n, m) }

func scalar4(goOp, gnuOp string, d, n, m, a V) Inst {
	return Inst{
		Go:  fmt.Sprintf("%s\t%s, %s, %s, %s", goOp, m.f(), a.f(), n.f(), d.f()),
		GNU: fmt.Sprintf("%s %s, %s, %s, %s", gnuOp, d.gnuD(), n.gnuD(), m.gnuD(), a.gnuD()),
	}
}

// FMADDD is the scalar d = a + n · m, fused: FMA(n, m, a).
func FMADDD(d, n, m, a V) Inst { return scalar4("FMADDD", "fmadd", d, n, m, a) }

// FMSUBD is the scalar d = a - n · m, fused: FMA(-n, m, a).
func FMSUBD(d, n, m, a V) Inst { return scalar4("FMSUBD", "fmsub", d, n, m, a) }

// FNEGD is the scalar d = -n.
func FNEGD(d, n V) Inst {
	return Inst{
		Go:  fmt.Sprintf("FNEGD\t%s, %s", n.f(), d.f()),
		GNU: fmt.Sprintf("fneg %s, %s", d.gnuD(), n.gnuD()),
	}
}

// FMOVDLoad loads the float64 at off(base) into the scalar d.
func FMOVDLoad(d V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVD\t%d(%s), %s", off, base, d.f()),
		GNU: fmt.Sprintf("ldr %s, [%s, #%d]", d.gnuD(), base.gnu(), off),
	}
}

// FMOVDStore stores the scalar (low lane) of v at the address in base,
// then adds 8 to base if post is true.
func FMOVDStore(v V, base R, post bool) Inst {
	if post {
		return Inst{
			Go:  fmt.Sprintf("FMOVD.P\t%s, 8(%s)", v.f(), base),
			GNU: fmt.Sprintf("str %s, [%s], #8", v.gnuD(), base.gnu()),
		}
	}
	return Inst{
		Go:  fmt.Sprintf("FMOVD\t%s, (%s)", v.f(), base),
		GNU: fmt.Sprintf("str %s, [%s]", v.gnuD(), base.gnu()),
	}
}

// FMOVDToGP copies the bits of the scalar v to the general register r.
func FMOVDToGP(r R, v V) Inst {
	return Inst{Go: fmt.Sprintf("FMOVD\t%s, %s", v.f(), r), GNU: fmt.Sprintf("fmov %s, %s", r.gnu(), v.gnuD())}
}

// FMOVDFromGP copies the bits of the general register r to the scalar v.
func FMOVDFromGP(v V, r R) Inst {
	return Inst{Go: fmt.Sprintf("FMOVD\t%s, %s", r, v.f()), GNU: fmt.Sprintf("fmov %s, %s", v.gnuD(), r.gnu())}
}

// DUPGP is v = {r, r}: the 64 bits of r in both lanes.
func DUPGP(v V, r R) Inst {
	return Inst{Go: fmt.Sprintf("VDUP\t%s, %s", r, v.d2()), GNU: fmt.Sprintf("dup %s, %s", v.gnu2d(), r.gnu())}
}

// Builder accumulates the text of an assembly file.
type Builder struct {
	b strings.Builder
}

// Raw appends a line as is.
func (b *Builder) Raw(line string) {
	b.b.WriteString(line)
	b.b.WriteByte('\n')
}

// Rawf appends a formatted line.
func (b *Builder) Rawf(format string, args ...any) { b.Raw(fmt.Sprintf(format, args...)) }

// I appends instructions, each indented by a tab.
func (b *Builder) I(insts ...Inst) {
	for _, in := range insts {
		b.Raw("\t" + in.Go)
	}
}

// Op appends a native instruction given in Go syntax, for the general
// purpose and control-flow instructions the kernels need (MOVD, ADD, CMP,
// branches, ...), which the generators write directly.
func (b *Builder) Op(mnemonic string, operands ...string) {
	if len(operands) == 0 {
		b.Raw("\t" + mnemonic)
		return
	}
	b.Raw("\t" + mnemonic + "\t" + strings.Join(operands, ", "))
}

// Label appends a label definition.
func (b *Builder) Label(name string) { b.Raw(name + ":") }

// Comment appends comment lines, indented like instructions.
func (b *Builder) Comment(lines ...string) {
	for _, l := range lines {
		b.Raw("\t// " + l)
	}
}

// Blank appends an empty line.
func (b *Builder) Blank() { b.Raw("") }

// String returns the text so far.
func (b *Builder) String() string { return b.b.String() }

// Arr is the arrangement of a structure load or store: two float64
// (.2D), four float32 (.4S) or two float32 in the low half (.2S).
type Arr uint8

// The arrangements of LD2 and ST2.
const (
	D2 Arr = iota
	S4
	S2
)

func (a Arr) goName() string { return [...]string{"D2", "S4", "S2"}[a] }

func (a Arr) gnuName() string { return [...]string{"2d", "4s", "2s"}[a] }

// bytes is the size of one register of the arrangement.
func (a Arr) bytes() int {
	if a == S2 {
		return 8
	}
	return 16
}

// pairList returns Go's and GNU's lists of the consecutive registers v, v+1.
func pairList(v V, a Arr) (goList, gnuList string) {
	if v > 30 {
		panic(fmt.Sprintf("arm64: register pair V%d", v))
	}
	return fmt.Sprintf("[V%d.%s, V%d.%s]", v, a.goName(), v+1, a.goName()),
		fmt.Sprintf("{v%d.%s, v%d.%s}", v, a.gnuName(), v+1, a.gnuName())
}

// LD2 loads pairs of elements from the address in base, de-interleaving
// them: the even elements (real parts) into v, the odd ones (imaginary
// parts) into v+1; then adds the bytes loaded to base if post is true.
func LD2(v V, a Arr, base R, post bool) Inst {
	g, n := pairList(v, a)
	if post {
		return Inst{
			Go:  fmt.Sprintf("VLD2.P\t%d(%s), %s", 2*a.bytes(), base, g),
			GNU: fmt.Sprintf("ld2 %s, [%s], #%d", n, base.gnu(), 2*a.bytes()),
		}
	}
	return Inst{Go: fmt.Sprintf("VLD2\t(%s), %s", base, g), GNU: fmt.Sprintf("ld2 %s, [%s]", n, base.gnu())}
}

// ST2 stores the elements of v and v+1 interleaved (v's first) at the
// address in base, then adds the bytes stored to base if post is true.
func ST2(v V, a Arr, base R, post bool) Inst {
	g, n := pairList(v, a)
	if post {
		return Inst{
			Go:  fmt.Sprintf("VST2.P\t%s, %d(%s)", g, 2*a.bytes(), base),
			GNU: fmt.Sprintf("st2 %s, [%s], #%d", n, base.gnu(), 2*a.bytes()),
		}
	}
	return Inst{Go: fmt.Sprintf("VST2\t%s, (%s)", g, base), GNU: fmt.Sprintf("st2 %s, [%s]", n, base.gnu())}
}

// EOR is the bitwise d = n XOR m of whole registers.
func EOR(d, n, m V) Inst {
	d.check()
	n.check()
	m.check()
	return Inst{
		Go:  fmt.Sprintf("VEOR\tV%d.B16, V%d.B16, V%d.B16", m, n, d),
		GNU: fmt.Sprintf("eor v%d.16b, v%d.16b, v%d.16b", d, n, m),
	}
}

// FMOVDStoreOff stores the scalar (low lane) of v at off(base).
func FMOVDStoreOff(v V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVD\t%s, %d(%s)", v.f(), off, base),
		GNU: fmt.Sprintf("str %s, [%s, #%d]", v.gnuD(), base.gnu(), off),
	}
}

func (v V) s() string { v.check(); return fmt.Sprintf("F%d", v) }

func (v V) gnuS() string { v.check(); return fmt.Sprintf("s%d", v) }

// FMOVSLoad loads the float32 at off(base) into the low lane of v,
// clearing the rest.
func FMOVSLoad(v V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVS\t%d(%s), %s", off, base, v.s()),
		GNU: fmt.Sprintf("ldr %s, [%s, #%d]", v.gnuS(), base.gnu(), off),
	}
}

// FMOVSStore stores the low float32 lane of v at off(base).
func FMOVSStore(v V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVS\t%s, %d(%s)", v.s(), off, base),
		GNU: fmt.Sprintf("str %s, [%s, #%d]", v.gnuS(), base.gnu(), off),
	}
}

// Four-float32 (.4S) vector instructions, the complex64 twins of the .2D
// ones above.

func (v V) s4() string { v.check(); return fmt.Sprintf("V%d.S4", v) }

func (v V) gnu4s() string { v.check(); return fmt.Sprintf("v%d.4s", v) }

func gnu3s(op string, d, n, m V) string {
	return fmt.Sprintf("%s %s, %s, %s", op, d.gnu4s(), n.gnu4s(), m.gnu4s())
}

// FADDS is the vector d = n + m on four float32.
func FADDS(d, n, m V) Inst { return word(rrr(0x4e20d400, d, n, m), gnu3s("fadd", d, n, m)) }

// FSUBS is the vector d = n - m on four float32.
func FSUBS(d, n, m V) Inst { return word(rrr(0x4ea0d400, d, n, m), gnu3s("fsub", d, n, m)) }

// FMULS is the vector d = n · m on four float32, rounded.
func FMULS(d, n, m V) Inst { return word(rrr(0x6e20dc00, d, n, m), gnu3s("fmul", d, n, m)) }

// FNEGS is the vector d = -n on four float32 (exact).
func FNEGS(d, n V) Inst {
	return word(rrr(0x6ea0f800, d, n, 0), fmt.Sprintf("fneg %s, %s", d.gnu4s(), n.gnu4s()))
}

// elemS encodes a by-element instruction on .4S with index idx of Vm.S:
// H is bit 11, L bit 21, and M:Rm the full register number.
func elemS(base uint32, d, n, m V, idx int) uint32 {
	if idx < 0 || idx > 3 {
		panic(fmt.Sprintf("arm64: element index %d of a .S register", idx))
	}
	return rrr(base, d, n, m) | uint32(idx>>1)<<11 | uint32(idx&1)<<21
}

func gnuElemS(op string, d, n, m V, idx int) string {
	return fmt.Sprintf("%s %s, %s, v%d.s[%d]", op, d.gnu4s(), n.gnu4s(), m, idx)
}

// FMULES is d = n · m[idx] on four float32, rounded.
func FMULES(d, n, m V, idx int) Inst {
	return word(elemS(0x4f809000, d, n, m, idx), gnuElemS("fmul", d, n, m, idx))
}

// FMLAES is d = d + n · m[idx] on four float32, fused.
func FMLAES(d, n, m V, idx int) Inst {
	return word(elemS(0x4f801000, d, n, m, idx), gnuElemS("fmla", d, n, m, idx))
}

func native3s(goOp, gnuOp string, d, n, m V) Inst {
	return Inst{
		Go:  fmt.Sprintf("%s\t%s, %s, %s", goOp, m.s4(), n.s4(), d.s4()),
		GNU: gnu3s(gnuOp, d, n, m),
	}
}

// FMLAS is the vector d = d + n · m on four float32, fused.
func FMLAS(d, n, m V) Inst { return native3s("VFMLA", "fmla", d, n, m) }

// FMLSS is the vector d = d - n · m on four float32, fused.
func FMLSS(d, n, m V) Inst { return native3s("VFMLS", "fmls", d, n, m) }

// ZIP1S is d = {n[0], m[0], n[1], m[1]} on float32 lanes.
func ZIP1S(d, n, m V) Inst { return native3s("VZIP1", "zip1", d, n, m) }

// ZIP2S is d = {n[2], m[2], n[3], m[3]} on float32 lanes.
func ZIP2S(d, n, m V) Inst { return native3s("VZIP2", "zip2", d, n, m) }

// LD2R is LD2 followed by base += idx (post-index by a register).
func LD2R(v V, a Arr, base, idx R) Inst {
	g, n := pairList(v, a)
	return Inst{
		Go:  fmt.Sprintf("VLD2.P\t(%s)(%s), %s", base, idx, g),
		GNU: fmt.Sprintf("ld2 %s, [%s], %s", n, base.gnu(), idx.gnu()),
	}
}

// ST2R is ST2 followed by base += idx (post-index by a register).
func ST2R(v V, a Arr, base, idx R) Inst {
	g, n := pairList(v, a)
	return Inst{
		Go:  fmt.Sprintf("VST2.P\t%s, (%s)(%s)", g, base, idx),
		GNU: fmt.Sprintf("st2 %s, [%s], %s", n, base.gnu(), idx.gnu()),
	}
}

func (v V) gnuQ() string { v.check(); return fmt.Sprintf("q%d", v) }

// FMOVQLoad loads the 16 bytes at off(base) into v (off a multiple of 16).
func FMOVQLoad(v V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVQ\t%d(%s), F%d", off, base, v),
		GNU: fmt.Sprintf("ldr %s, [%s, #%d]", v.gnuQ(), base.gnu(), off),
	}
}

// FMOVQStore stores the 16 bytes of v at off(base) (off a multiple of 16).
func FMOVQStore(v V, off int, base R) Inst {
	return Inst{
		Go:  fmt.Sprintf("FMOVQ\tF%d, %d(%s)", v, off, base),
		GNU: fmt.Sprintf("str %s, [%s, #%d]", v.gnuQ(), base.gnu(), off),
	}
}
