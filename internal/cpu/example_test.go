package cpu_test

import (
	"fmt"

	"github.com/numkern/numkern/internal/cpu"
)

func ExampleParseISA() {
	isa, err := cpu.ParseISA(" AVX2 ")
	fmt.Println(isa, err)
	_, err = cpu.ParseISA("sse2")
	fmt.Println(err)
	// Output:
	// avx2 <nil>
	// numkern: unknown ISA "sse2" (known: generic, avx2, avx512, neon)
}

func ExampleAvailable() {
	// The portable implementation is always available, and always first.
	fmt.Println(cpu.Available()[0])
	// Output: generic
}

func ExampleForce() {
	restore, err := cpu.Force(cpu.Generic)
	if err != nil {
		panic(err)
	}
	defer restore()
	fmt.Println(cpu.Selected())
	// Output: generic
}
