// Package cpu detects the CPU features relevant to numkern's kernels and
// selects which implementation (instruction set architecture, ISA) the
// kernels use.
//
// Every kernel has a portable Go implementation ([Generic]). A build may
// also contain assembly implementations for some ISAs; [Compiled] lists
// them. [Available] is the subset that this machine (hardware and
// operating system) can run, and [Selected] is the one in use.
//
// The environment variable NUMKERN_ISA overrides the automatic choice. It
// is read once, the first time any function of this package needs it. Its
// value is case-insensitive and surrounding white space is ignored; an
// empty value means "choose automatically". An unknown name, or one that is
// not available in this build on this machine, makes [Err] return a
// non-nil error; the plan constructors of the kernel packages return that
// error, so a bad value is refused rather than silently ignored. While
// [Err] is non-nil, [Selected] reports the best available ISA.
//
// Feature detection uses golang.org/x/sys/cpu, which also takes care of
// operating-system support (for example that the OS saves the AVX and
// AVX-512 register state).
package cpu

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	xcpu "golang.org/x/sys/cpu"
)

// ISA identifies one family of kernel implementations: the portable Go
// code or assembly for one instruction set.
type ISA int

// The ISAs known to numkern, in increasing order of preference on the
// architecture they belong to.
const (
	// Generic is the portable Go implementation, available everywhere.
	Generic ISA = iota
	// AVX2 is amd64 assembly using AVX2 and FMA3 (x86-64-v3 level
	// vector instructions).
	AVX2
	// AVX512 is amd64 assembly using AVX-512 F, DQ, BW and VL (the
	// x86-64-v4 subset).
	AVX512
	// NEON is arm64 assembly using Advanced SIMD (ASIMD), which every
	// arm64 processor has.
	NEON
)

// EnvVar is the name of the environment variable that overrides the
// automatic choice of ISA.
const EnvVar = "NUMKERN_ISA"

var isaNames = [...]string{
	Generic: "generic",
	AVX2:    "avx2",
	AVX512:  "avx512",
	NEON:    "neon",
}

// String returns the lower-case name of isa ("generic", "avx2", "avx512",
// "neon"), or "ISA(n)" for a value that is not one of the constants.
func (isa ISA) String() string {
	if isa >= 0 && int(isa) < len(isaNames) {
		return isaNames[isa]
	}
	return fmt.Sprintf("ISA(%d)", int(isa))
}

// ParseISA returns the ISA named s. The comparison ignores case and
// surrounding white space, so ParseISA(isa.String()) == isa for every ISA
// constant. An unknown name is an error.
func ParseISA(s string) (ISA, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for i, n := range isaNames {
		if name == n {
			return ISA(i), nil
		}
	}
	return Generic, fmt.Errorf("numkern: unknown ISA %q (known: %s)", s, strings.Join(isaNames[:], ", "))
}

// Supported reports whether the hardware and the operating system can run
// code for isa on the architecture this program was built for. Generic is
// always supported. AVX2 requires amd64 with AVX, AVX2 and FMA; AVX512
// requires everything AVX2 does plus AVX-512 F, DQ, BW and VL (OS support
// for the wider register state is checked too); NEON requires arm64, where ASIMD is always
// present. Whether this build contains code for isa is a separate
// question: see [Compiled] and [Available].
func Supported(isa ISA) bool {
	switch isa {
	case Generic:
		return true
	case AVX2:
		return runtime.GOARCH == "amd64" && xcpu.X86.HasAVX && xcpu.X86.HasAVX2 && xcpu.X86.HasFMA
	case AVX512:
		return runtime.GOARCH == "amd64" && Supported(AVX2) &&
			xcpu.X86.HasAVX512F && xcpu.X86.HasAVX512DQ &&
			xcpu.X86.HasAVX512BW && xcpu.X86.HasAVX512VL
	case NEON:
		return runtime.GOARCH == "arm64" && xcpu.ARM64.HasASIMD
	}
	return false
}

// Features returns the detected features that matter to numkern, as
// lower-case names in a fixed order: on x86 "avx", "avx2", "fma",
// "avx512f", "avx512dq", "avx512bw", "avx512vl"; on arm64 "asimd",
// "asimdhp", "asimddp", "fphp", "sve", "sve2". Only the features present
// are listed; the result may be empty. It is meant for logs and reports.
func Features() []string {
	var fs []string
	add := func(ok bool, name string) {
		if ok {
			fs = append(fs, name)
		}
	}
	switch runtime.GOARCH {
	case "amd64", "386":
		x := &xcpu.X86
		add(x.HasAVX, "avx")
		add(x.HasAVX2, "avx2")
		add(x.HasFMA, "fma")
		add(x.HasAVX512F, "avx512f")
		add(x.HasAVX512DQ, "avx512dq")
		add(x.HasAVX512BW, "avx512bw")
		add(x.HasAVX512VL, "avx512vl")
	case "arm64":
		a := &xcpu.ARM64
		add(a.HasASIMD, "asimd")
		add(a.HasASIMDHP, "asimdhp")
		add(a.HasASIMDDP, "asimddp")
		add(a.HasFPHP, "fphp")
		add(a.HasSVE, "sve")
		add(a.HasSVE2, "sve2")
	}
	return fs
}

// Compiled lists the ISAs for which this build contains kernel code:
// Generic, always first, followed by the ISAs with assembly, in increasing
// order of preference. With the build tag purego, or with a compiler other
// than gc, it is just [Generic]. (As long as the project has no assembly
// it is just [Generic] everywhere; the per-architecture files
// compiled_amd64.go and compiled_arm64.go say where to add an ISA.) The
// result is a new slice.
func Compiled() []ISA {
	return append([]ISA(nil), compiled...)
}

// Available returns the ISAs that are both compiled into this build and
// supported by this machine, Generic first and the best last. Tests that
// compare implementations loop over it. The result is a new slice.
func Available() []ISA {
	var av []ISA
	for _, isa := range compiled {
		if Supported(isa) {
			av = append(av, isa)
		}
	}
	return av
}

var (
	envOnce  sync.Once
	envErr   error
	selected atomic.Int64 // the ISA in use; valid after envOnce
)

// initEnv reads NUMKERN_ISA and sets the selected ISA, once.
func initEnv() {
	envOnce.Do(func() {
		isa, err := fromEnv()
		selected.Store(int64(isa))
		envErr = err
	})
}

// fromEnv chooses the ISA according to the current value of NUMKERN_ISA.
func fromEnv() (ISA, error) {
	return choose(os.Getenv(EnvVar), Available())
}

// choose picks the ISA for the environment value env among available,
// which must be non-empty and ordered from worst to best. An empty (or
// all-blank) env selects the best, the last one. Otherwise env must name an
// ISA in available, ignoring case and surrounding white space. On error
// the best available ISA is returned too.
func choose(env string, available []ISA) (ISA, error) {
	best := available[len(available)-1]
	if strings.TrimSpace(env) == "" {
		return best, nil
	}
	names := make([]string, len(available))
	for i, a := range available {
		names[i] = a.String()
	}
	avail := strings.Join(names, ", ")
	isa, err := ParseISA(env)
	if err != nil {
		return best, fmt.Errorf("numkern: %s=%q: unknown ISA (known: %s; available: %s)",
			EnvVar, env, strings.Join(isaNames[:], ", "), avail)
	}
	for _, a := range available {
		if a == isa {
			return isa, nil
		}
	}
	return best, fmt.Errorf("numkern: %s=%q: not available on this machine/build (available: %s)",
		EnvVar, env, avail)
}

// Selected returns the ISA whose implementations the kernels use: the one
// named by NUMKERN_ISA if that is set to an available ISA, otherwise the
// best of [Available] (also when NUMKERN_ISA is invalid; see [Err]), unless
// [Force] has overridden it.
func Selected() ISA {
	initEnv()
	return ISA(selected.Load())
}

// Err returns a non-nil error when NUMKERN_ISA names an unknown ISA or one
// that is not available in this build on this machine. The message names
// the variable, its value and the available ISAs. Plan constructors return
// this error so that a bad setting is refused.
func Err() error {
	initEnv()
	return envErr
}

// ErrNotAvailable is returned (wrapped) by [Force] for an ISA that is not
// in [Available].
var ErrNotAvailable = errors.New("ISA not available on this machine/build")

// Force makes [Selected] return isa until the returned restore function is
// called, which puts back the previous selection. It fails, wrapping
// [ErrNotAvailable], if isa is not in [Available]; restore is then a no-op
// and still safe to call. It does not change [Err].
//
// Force is meant for tests and benchmarks that compare implementations.
// It is not safe to call while kernels run concurrently, and calls must be
// properly nested (restore in reverse order, typically with defer).
func Force(isa ISA) (restore func(), err error) {
	initEnv()
	ok := false
	for _, a := range Available() {
		if a == isa {
			ok = true
			break
		}
	}
	if !ok {
		return func() {}, fmt.Errorf("numkern: cannot force %v: %w", isa, ErrNotAvailable)
	}
	prev := selected.Swap(int64(isa))
	return func() { selected.Store(prev) }, nil
}
