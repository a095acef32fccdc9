// Package golden compares test results with files in the module's testdata/
// directory and rewrites them when tests run with -update:
//
//	go test ./... -update
//
// Every package with tests imports it, because `go test ./... -update` passes
// the flag to every test binary and a binary that does not define it fails.
//
// Files are JSON. encoding/json prints each float64 in the shortest form that
// parses back to the same bits, so a comparison of the text is a comparison
// of the bits.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Update reports whether tests were asked to rewrite golden files.
var Update = flag.Bool("update", false, "rewrite the golden files in testdata/ instead of comparing with them")

// Path returns the absolute path of name under the module's testdata/
// directory, found by walking up from the working directory to go.mod.
func Path(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", filepath.FromSlash(name)), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("golden: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Marshal returns the canonical JSON form of v that golden files hold.
func Marshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Load reads the golden file name into v.
func Load(t testing.TB, name string, v any) {
	t.Helper()
	path, err := Path(name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run `go test ./... -update` to create it)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("golden: %s: %v", path, err)
	}
}

// Check compares got, in canonical JSON, with the golden file name, exactly;
// with -update it writes the file instead.
func Check(t testing.TB, name string, got any) {
	t.Helper()
	want, err := Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	path, err := Path(name)
	if err != nil {
		t.Fatal(err)
	}
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run `go test ./... -update` to create it)", err)
	}
	if !bytes.Equal(have, want) {
		t.Errorf("golden: result differs from %s (first difference at byte %d); if the change is intended, run `go test ./... -update` and review the diff", path, firstDiff(have, want))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Complex is a complex128 as a JSON pair [re, im].
type Complex [2]float64

// FromComplex converts a slice for storage in a golden file.
func FromComplex(v []complex128) []Complex {
	out := make([]Complex, len(v))
	for i, z := range v {
		out[i] = Complex{real(z), imag(z)}
	}
	return out
}

// ToComplex converts stored pairs back.
func ToComplex(v []Complex) []complex128 {
	out := make([]complex128, len(v))
	for i, z := range v {
		out[i] = complex(z[0], z[1])
	}
	return out
}
