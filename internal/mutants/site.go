package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Operator names, as printed and as written in the equivalence file.
const (
	opBoundary   = "boundary"   // < ↔ <=, > ↔ >=
	opEquality   = "equality"   // == ↔ !=
	opArithmetic = "arithmetic" // + ↔ -, * ↔ /
	opLogical    = "logical"    // && ↔ ||
	opLiteral    = "literal"    // integer or float literal 0 ↔ 1
	opErrorNil   = "error-nil"  // a returned error value → nil
	opNegateIf   = "negate-if"  // if c → if !(c)
)

// binarySwap maps each mutated binary operator to its replacement and operator name.
var binarySwap = map[token.Token]struct {
	to token.Token
	op string
}{
	token.LSS:  {token.LEQ, opBoundary},
	token.LEQ:  {token.LSS, opBoundary},
	token.GTR:  {token.GEQ, opBoundary},
	token.GEQ:  {token.GTR, opBoundary},
	token.EQL:  {token.NEQ, opEquality},
	token.NEQ:  {token.EQL, opEquality},
	token.ADD:  {token.SUB, opArithmetic},
	token.SUB:  {token.ADD, opArithmetic},
	token.MUL:  {token.QUO, opArithmetic},
	token.QUO:  {token.MUL, opArithmetic},
	token.LAND: {token.LOR, opLogical},
	token.LOR:  {token.LAND, opLogical},
}

// edit replaces src[start:end] by text.
type edit struct {
	start, end int
	text       string
}

// Site is one mutation: a single-site change of one source file of the package.
type Site struct {
	File     string // absolute path of the source file
	Base     string // file name relative to the package directory
	Line     int
	Col      int
	Offset   int    // byte offset of the mutated node, for ordering
	Func     string // enclosing top-level function ("Recv.Name", "Name"), or "-"
	Op       string // operator name (opBoundary, ...)
	Original string // source text of the mutated expression, whitespace collapsed
	Mutated  string // the same expression after the mutation, whitespace collapsed
	edits    []edit // applied to the file's bytes, in increasing, disjoint order
}

// Position is "file:line:col" with the file relative to the package directory.
func (s Site) Position() string { return fmt.Sprintf("%s:%d:%d", s.Base, s.Line, s.Col) }

// Apply returns src with the mutation applied.
func (s Site) Apply(src []byte) []byte {
	var b strings.Builder
	last := 0
	for _, e := range s.edits {
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return []byte(b.String())
}

// collapse joins runs of white space (newlines included) into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// EnumerateFiles parses the given non-test Go files (absolute paths, all in dir) and returns
// every mutation site, ordered by file name, byte offset and operator name.
func EnumerateFiles(dir string, files []string) ([]Site, error) {
	fset := token.NewFileSet()
	var sites []Site
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		base, err := filepath.Rel(dir, path)
		if err != nil {
			return nil, err
		}
		sites = append(sites, fileSites(fset, f, src, path, filepath.ToSlash(base))...)
	}
	sort.SliceStable(sites, func(i, j int) bool {
		a, b := sites[i], sites[j]
		if a.Base != b.Base {
			return a.Base < b.Base
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		if a.Op != b.Op {
			return a.Op < b.Op
		}
		return a.Mutated < b.Mutated
	})
	return sites, nil
}

// funcName names a top-level function declaration as "Recv.Name" or "Name".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// isErrorType reports whether a result type expression is the predeclared error.
func isErrorType(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "error"
}

// resultTypes expands a result field list into one type expression per result.
func resultTypes(ft *ast.FuncType) []ast.Expr {
	if ft == nil || ft.Results == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range ft.Results.List {
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			out = append(out, f.Type)
		}
	}
	return out
}

// fileSites lists the mutation sites of one parsed file.
func fileSites(fset *token.FileSet, f *ast.File, src []byte, path, base string) []Site {
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	text := func(n ast.Node) string { return string(src[off(n.Pos()):off(n.End())]) }
	var sites []Site
	// add records a site at position at; ctx is the expression whose source text (before
	// and after the edits, which must lie inside it) names the mutant.
	add := func(fn string, at token.Pos, op string, ctx ast.Node, edits []edit) {
		p := fset.Position(at)
		s := Site{File: path, Base: base, Line: p.Line, Col: p.Column, Offset: p.Offset,
			Func: fn, Op: op, Original: collapse(text(ctx)), edits: edits}
		start := off(ctx.Pos())
		local := make([]edit, len(edits))
		for i, e := range edits {
			local[i] = edit{e.start - start, e.end - start, e.text}
		}
		s.Mutated = collapse(string(Site{edits: local}.Apply([]byte(text(ctx)))))
		sites = append(sites, s)
	}
	for _, decl := range f.Decls {
		fn := "-"
		if fd, ok := decl.(*ast.FuncDecl); ok {
			fn = funcName(fd)
		}
		ast.PreorderStack(decl, nil, func(n ast.Node, stack []ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if sw, ok := binarySwap[x.Op]; ok {
					at := off(x.OpPos)
					add(fn, x.OpPos, sw.op, x, []edit{{at, at + len(x.Op.String()), sw.to.String()}})
				}
			case *ast.BasicLit:
				if x.Kind != token.INT && x.Kind != token.FLOAT {
					break
				}
				v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
				var to string
				switch {
				case v.Kind() == constant.Unknown:
					return true
				case constant.Compare(v, token.EQL, constant.MakeInt64(0)):
					to = "1"
				case constant.Compare(v, token.EQL, constant.MakeInt64(1)):
					to = "0"
				default:
					return true
				}
				add(fn, x.Pos(), opLiteral, literalContext(x, stack), []edit{{off(x.Pos()), off(x.End()), to}})
			case *ast.IfStmt:
				c := x.Cond
				add(fn, c.Pos(), opNegateIf, c, []edit{{off(c.Pos()), off(c.Pos()), "!("}, {off(c.End()), off(c.End()), ")"}})
			case *ast.ReturnStmt:
				types := resultTypes(enclosingSignature(stack))
				if len(types) != len(x.Results) {
					break // bare return or a call returning several values
				}
				for i, r := range x.Results {
					if !isErrorType(types[i]) {
						continue
					}
					if id, ok := r.(*ast.Ident); ok && id.Name == "nil" {
						continue
					}
					add(fn, r.Pos(), opErrorNil, r, []edit{{off(r.Pos()), off(r.End()), "nil"}})
				}
			}
			return true
		})
	}
	// Identical keys within one function get an occurrence number in source order:
	// Func "Name#2", ….
	sort.SliceStable(sites, func(i, j int) bool { return sites[i].Offset < sites[j].Offset })
	seen := map[[4]string]int{}
	for i := range sites {
		s := &sites[i]
		k := [4]string{s.Func, s.Op, s.Original, s.Mutated}
		seen[k]++
		if c := seen[k]; c > 1 {
			s.Func = fmt.Sprintf("%s#%d", s.Func, c)
		}
	}
	return sites
}

// literalContext returns the expression that names a literal mutant: the nearest
// enclosing expression other than parentheses and signs, or the literal itself when it
// stands alone in a statement.
func literalContext(lit *ast.BasicLit, stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.UnaryExpr:
			continue
		case ast.Expr:
			return p
		}
		break
	}
	return lit
}

// enclosingSignature returns the signature of the innermost function (literal or
// declaration) around a node whose ancestors are stack.
func enclosingSignature(stack []ast.Node) *ast.FuncType {
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.FuncLit:
			return p.Type
		case *ast.FuncDecl:
			return p.Type
		}
	}
	return nil
}
