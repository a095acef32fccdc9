package fusecheck

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	_ "github.com/numkern/numkern/internal/golden" // defines -update
	"github.com/stretchr/testify/require"
)

// canonical lists the packages, relative to the module root, whose results
// must be the same bits everywhere.
var canonical = []string{"fft", "nufft", "spread", "internal/dmath", "internal/mod2pi", "asm/gaussw",
	"asm/gridrows", "ising", "ising/internal/stream", "asm/isingsweep"}

func TestNoUnroundedProducts(t *testing.T) {
	if runtime.GOARCH != "amd64" || testing.Short() {
		t.Skip("a source analysis: once per `make test` is enough")
	}
	root := moduleRoot(t)
	var problems []string
	for _, pkg := range canonical {
		dir := filepath.Join(root, filepath.FromSlash(pkg))
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		problems = append(problems, checkPackage(t, dir)...)
	}
	sort.Strings(problems)
	require.Empty(t, problems, "products the compiler may fuse; wrap them in float64() or use math.FMA:\n%s", strings.Join(problems, "\n"))
}

// TestCheckerFindsFusion makes sure the check can fail.
func TestCheckerFindsFusion(t *testing.T) {
	if runtime.GOARCH != "amd64" || testing.Short() {
		t.Skip("a source analysis")
	}
	dir := t.TempDir()
	src := `package p

import "math"

func f(a, b, c float64, z complex128) (float64, complex128) {
	t := a * b             // flagged: may fuse with t - c
	u := float64(a*b) + c  // fine
	v := math.FMA(a*b, c, 1) // a*b flagged: argument 0 is a product that is not rounded... it is an FMA operand, fine
	w := float64(a * b * c) // fine: the inner product only feeds a product
	x := 2 * 3              // constant, fine
	_ = x
	y := z * z              // flagged: complex product
	k := a * b // fusion-ok: test of the opt-out
	return t - c + u + v + w + k, y
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644))
	problems := checkPackage(t, dir)
	require.Len(t, problems, 2, "%v", problems)
	require.Contains(t, problems[0], "p.go:6")
	require.Contains(t, problems[1], "p.go:12")
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod found")
		dir = parent
	}
}

// checkPackage type-checks the non-test files of the package in dir (all
// build tags' generic files: *_amd64.go and *_arm64.go stubs are skipped, as
// they hold no arithmetic) and returns the offending products.
func checkPackage(t *testing.T, dir string) []string {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		n := fi.Name()
		return !strings.HasSuffix(n, "_test.go") && !strings.HasSuffix(n, "_amd64.go") && !strings.HasSuffix(n, "_arm64.go")
	}, parser.ParseComments)
	require.NoError(t, err)
	var problems []string
	for _, pkg := range pkgs {
		var files []*ast.File
		for _, f := range pkg.Files {
			if ignored(f) {
				continue
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
		_, _ = conf.Check(pkg.Name, fset, files, info) // partial info suffices
		for _, f := range files {
			problems = append(problems, checkFile(fset, f, info)...)
		}
	}
	return problems
}

// ignored reports files excluded by a //go:build ignore line (generators).
func ignored(f *ast.File) bool {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

func checkFile(fset *token.FileSet, f *ast.File, info *types.Info) []string {
	optOut := map[int]bool{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.Contains(c.Text, "fusion-ok:") {
				optOut[fset.Position(c.Pos()).Line] = true
			}
		}
	}
	var problems []string
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		be, ok := n.(*ast.BinaryExpr)
		if !ok || (be.Op != token.MUL && be.Op != token.QUO) {
			return true
		}
		tv, ok := info.Types[be]
		if !ok || tv.Value != nil { // untyped or constant: folded at compile time
			return true
		}
		basic, ok := tv.Type.Underlying().(*types.Basic)
		if !ok {
			return true
		}
		pos := fset.Position(be.Pos())
		if optOut[pos.Line] {
			return true
		}
		switch {
		case basic.Info()&types.IsComplex != 0:
			problems = append(problems, fmt.Sprintf("%s:%d: complex %s compiles to fusable products", filepath.Base(pos.Filename), pos.Line, be.Op))
		case basic.Info()&types.IsFloat != 0 && be.Op == token.MUL && !rounded(stack, info):
			problems = append(problems, fmt.Sprintf("%s:%d: float product not rounded", filepath.Base(pos.Filename), pos.Line))
		}
		return true
	})
	return problems
}

// rounded reports whether the product at the top of stack is safe: its
// nearest non-paren ancestor is a float conversion, a math.FMA call, or
// another product that is itself safe.
func rounded(stack []ast.Node, info *types.Info) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			continue
		case *ast.BinaryExpr:
			if p.Op != token.MUL && p.Op != token.QUO {
				return false
			}
			continue // a product of products: look further up
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
				return true // float64(…) or float32(…)
			}
			if sel, ok := p.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "FMA" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "math" {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
