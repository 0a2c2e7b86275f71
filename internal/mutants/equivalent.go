package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Key identifies a mutant independently of line numbers: the package's import path, the file
// relative to the package directory, the enclosing function, the operator, and the source
// text of the mutated expression before and after the mutation.
type Key struct {
	Pkg, File, Func, Op, Original, Mutated string
}

// KeyOf returns the key of site s in the package with import path pkg.
func KeyOf(pkg string, s Site) Key {
	return Key{pkg, s.Base, s.Func, s.Op, s.Original, s.Mutated}
}

// String formats k as the first six tab-separated fields of an equivalence-file line.
func (k Key) String() string {
	return strings.Join([]string{k.Pkg, k.File, k.Func, k.Op, k.Original, k.Mutated}, "\t")
}

// equivFields is the number of tab-separated fields of an equivalence line: the key and a reason.
const equivFields = 7

// ReadEquivalent parses an equivalence file (format in doc.go) into key → reason.
func ReadEquivalent(r io.Reader, name string) (map[Key]string, error) {
	m := make(map[Key]string)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != equivFields {
			return nil, fmt.Errorf("%s:%d: %d tab-separated fields, want %d (package, file, function, operator, original, mutated, reason)", name, line, len(f), equivFields)
		}
		for i, v := range f {
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("%s:%d: field %d is empty", name, line, i+1)
			}
		}
		k := Key{f[0], f[1], f[2], f[3], f[4], f[5]}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate entry %q", name, line, k.String())
		}
		m[k] = f[6]
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}
