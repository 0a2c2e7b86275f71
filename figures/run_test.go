package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// runOK runs the command with args and fails the test on an error.
func runOK(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	if err := run(args, &out, &errw); err != nil {
		t.Fatalf("run(%q): %v\nstderr: %s", args, err, errw.String())
	}
	return out.String(), errw.String()
}

// TestRunWritesEveryFigure draws all figures with the quick settings in every format
// into a fresh folder and checks the files, the index and the progress lines: the
// command's wiring, from the registry through the builders' training runs to the
// files, in about a second.
func TestRunWritesEveryFigure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "out") // created by run
	stdout, _ := runOK(t, "-quick", "-out", dir)
	reg := registry(quickSettings())
	for k, f := range reg {
		for _, ext := range []string{"png", "svg", "pdf"} {
			data, err := os.ReadFile(filepath.Join(dir, f.Name+"."+ext))
			if err != nil {
				t.Fatal(err)
			}
			var ok bool
			switch ext {
			case "png":
				cfg, err := png.DecodeConfig(bytes.NewReader(data))
				ok = err == nil && cfg.Width > 300 && cfg.Height > 200
			case "svg":
				ok = bytes.HasPrefix(data, []byte("<?xml")) && bytes.HasSuffix(bytes.TrimSpace(data), []byte("</svg>"))
			case "pdf":
				ok = bytes.HasPrefix(data, []byte("%PDF-")) && bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF"))
			}
			if !ok {
				t.Errorf("%s.%s (%d bytes) is not a complete %s file", f.Name, ext, len(data), ext)
			}
		}
		line := regexp.MustCompile(`(?m)^\[` + strconv.Itoa(k+1) + `/` + strconv.Itoa(len(reg)) + `\] ` + f.Name +
			`: ` + f.Name + `\.png, ` + f.Name + `\.svg, ` + f.Name + `\.pdf done in [0-9.]+s$`)
		if !line.MatchString(stdout) {
			t.Errorf("no progress line for %s in\n%s", f.Name, stdout)
		}
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), "go run ./figures -quick") || !strings.Contains(string(index), "not meaningful") {
		t.Errorf("index.md of a -quick run does not say so:\n%.300s", index)
	}
	for _, f := range reg {
		for _, want := range []string{`<img src="` + f.Name + `.png"`, "**" + f.Name + "**", cell(f.Caption),
			"[svg](" + f.Name + ".svg)", "[pdf](" + f.Name + ".pdf)"} {
			if !strings.Contains(string(index), want) {
				t.Errorf("index.md lacks %q", want)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3*len(reg) + 2; len(entries) != want { // + index.md and manifest.json
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want %d files (no temporary files left)", names, want)
	}
}

// TestRunDeterministic draws everything twice (quick settings, so with training runs
// and Monte Carlo) and compares the bytes of every file.
func TestRunDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	runOK(t, "-quick", "-out", a)
	runOK(t, "-quick", "-out", b)
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == runfolder.ManifestFile {
			continue // it records the start and end times
		}
		x, err := os.ReadFile(filepath.Join(a, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", e.Name())
		}
	}
}

func TestRunSelection(t *testing.T) {
	dir := t.TempDir()
	stdout, _ := runOK(t, "-out", dir, "-only", " targets ", "-formats", "SVG, svg")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "index.md manifest.json targets.svg"; got != want {
		t.Errorf("files %q, want %q (one figure, one format, repeats dropped)", got, want)
	}
	if !strings.HasPrefix(stdout, "[1/1] targets: targets.svg done in ") {
		t.Errorf("stdout %q, want one progress line", stdout)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), `<img src="targets.svg"`) || strings.Contains(string(index), "tpm") {
		t.Errorf("index.md should show targets.svg only:\n%s", index)
	}
}

func TestRunList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never")
	stdout, _ := runOK(t, "-list", "-out", dir)
	for _, f := range registry(defaultSettings(1000)) {
		if !strings.Contains(stdout, f.Name+"\t"+f.Caption+"\n") {
			t.Errorf("-list output lacks %s", f.Name)
		}
	}
	// The captions state the settings of the run: -quick lists other step counts.
	quick, _ := runOK(t, "-list", "-quick")
	if quick == stdout {
		t.Errorf("-list -quick gives the captions of the default settings")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("-list created the output folder")
	}
}

func TestRunHelp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never")
	_, stderr := runOK(t, "-h", "-out", dir)
	if !strings.Contains(stderr, "usage: go run ./figures") || !strings.Contains(stderr, "-formats") {
		t.Errorf("-h printed %q, want the usage", stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("-h created the output folder")
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-formats", "png,gif"}, `unknown format "gif"`, "only png, svg and pdf"},
		{[]string{"-formats", " , "}, "no format given", "an empty list draws nothing"},
		{[]string{"-only", "tpm,nope"}, `unknown figure "nope"`, "names come from the registry"},
		{[]string{"-dpi", "0"}, "-dpi 0", "a resolution is positive"},
		{[]string{"extra"}, `unexpected argument "extra"`, "flags only"},
		{[]string{"-bogus"}, "bogus", "unknown flag"},
	} {
		var out, errw bytes.Buffer
		dir := t.TempDir()
		err := run(append(tc.args, "-out", dir), &out, &errw)
		if err == nil {
			t.Errorf("run(%q) succeeded, want an error: %s", tc.args, tc.reason)
			continue
		}
		if msg := err.Error() + errw.String(); !strings.Contains(msg, tc.want) {
			t.Errorf("run(%q) error %q (stderr %q) lacks %q", tc.args, err, errw.String(), tc.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("run(%q) failed but wrote %d files", tc.args, len(entries))
		}
	}
}

func TestRegistryNames(t *testing.T) {
	seen := map[string]bool{}
	valid := regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	for _, f := range registry(defaultSettings(1000)) {
		if !valid.MatchString(f.Name) {
			t.Errorf("figure name %q is not a lower-case file name", f.Name)
		}
		if seen[f.Name] {
			t.Errorf("figure name %q twice", f.Name)
		}
		seen[f.Name] = true
		if f.Caption == "" || f.Build == nil {
			t.Errorf("figure %q lacks a caption or a build function", f.Name)
		}
	}
}
