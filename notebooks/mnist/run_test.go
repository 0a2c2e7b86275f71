package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	fmnist "github.com/infonce-lab/infonce-lab/feature/mnist"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
)

// tiny are flags that cut every study down to test size; appended last, they override
// a README command's own values.
var tiny = []string{"-per-class", "3", "-sweep-per-class", "3", "-views", "30", "-bootstrap", "2",
	"-steps", "2", "-sweep-steps", "1", "-batch", "4", "-sweep-batch", "4", "-checkpoints", "1"}

// writeFixture writes a training set of 4×4 images, perClass of each digit (digit c's
// images a bar at column c mod 4 with varying brightness), as plain IDX files.
func writeFixture(t *testing.T, perClass int) string {
	t.Helper()
	dir := t.TempDir()
	n := 10 * perClass
	var img, lab bytes.Buffer
	binary.Write(&img, binary.BigEndian, []uint32{0x803, uint32(n), 4, 4})
	binary.Write(&lab, binary.BigEndian, []uint32{0x801, uint32(n)})
	for k := 0; k < n; k++ {
		c := k % 10
		pix := make([]byte, 16)
		for r := 0; r < 4; r++ {
			pix[r*4+c%4] = byte(100 + 15*c + k/10)
		}
		pix[(c/4)*4] += 50
		img.Write(pix)
		lab.WriteByte(byte(c))
	}
	for name, b := range map[string][]byte{fmnist.TrainImagesFile: img.Bytes(), fmnist.TrainLabelsFile: lab.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-h"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "usage: go run ./notebooks/mnist") || !strings.Contains(stderr.String(), "-per-class") {
		t.Errorf("-h printed %q", stderr.String())
	}
}

func TestBadInput(t *testing.T) {
	data := writeFixture(t, 2)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-per-class", "0"}, "-per-class = 0"},
		{[]string{"-noise", "-0.5"}, "noise σ = -0.5"},
		{[]string{"-rotation", "-3"}, "rotation range -3"},
		{[]string{"-tau", "0"}, "-tau = 0"},
		{[]string{"-lr", "0"}, "-lr = 0"},
		{[]string{"-studies", "a,x"}, `"x"`},
		{[]string{"extra"}, `"extra"`},
		{[]string{"-data", filepath.Join(data, "nowhere")}, "nowhere"},
		// The fixture has 2 images of each digit.
		{[]string{"-data", data, "-studies", "c", "-per-class", "3"}, "only 2 images of digit 0"},
	} {
		var stdout, stderr bytes.Buffer
		args := append(append([]string{"-out", t.TempDir()}, tiny...), tc.args...)
		err := run(args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestFixtureRun runs every study on the fixture and checks the run folder.
func TestFixtureRun(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := append(append([]string{"-data", writeFixture(t, 4), "-out", out}, tiny...), "-workers", "2")
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	man, err := runfolder.ReadManifest(out)
	if err != nil || !man.Complete {
		t.Fatalf("manifest %+v, %v", man, err)
	}
	sum, err := os.ReadFile(filepath.Join(out, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## (a)", "## (b)", "## (c)", "raw pixels", "level-2 optimum"} {
		if !strings.Contains(string(sum), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if stdout.String() != string(sum) {
		t.Error("stdout differs from summary.md")
	}
	// Every figure the summary lists is a PNG in the folder; the views picture is
	// 17 cells of 4·2 + 2·2 = 12 px plus 6 px gaps and two 18 px block gaps wide:
	// 17·18 + 36 = 342 px.
	listed := 0
	for _, name := range []string{"views", "class_tpm", "strength", "sc", "training"} {
		if !strings.Contains(string(sum), "- `"+name+".png`: ") {
			continue
		}
		listed++
		f, err := os.Open(filepath.Join(out, name+".png"))
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s.png: %v", name, err)
			continue
		}
		if w := img.Bounds().Dx(); name == "views" && w != 342 {
			t.Errorf("views.png is %d px wide, want 342", w)
		}
	}
	// The fixture leaves digits with a single state, whose probe accuracy is NaN: the
	// line figures are left out with their reason (and the class TPM, a digit having lost
	// every state); the views picture remains.
	if listed < 1 || !strings.Contains(string(sum), "- `views.png`: ") || !strings.Contains(string(sum), "`strength.png` left out: ") {
		t.Errorf("summary lists %d figures:\n%s", listed, sum)
	}
}

// TestCancelledRunIsIncomplete: a run stopped by its context (Ctrl-C) keeps its folder
// with a manifest that says complete=false.
func TestCancelledRunIsIncomplete(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	args := append([]string{"-data", writeFixture(t, 4), "-out", out, "-studies", "c"}, tiny...)
	err := runContext(ctx, args, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "complete=false") {
		t.Fatalf("cancelled run: %v", err)
	}
	man, err := runfolder.ReadManifest(out)
	if err != nil || man.Complete {
		t.Errorf("manifest %+v, %v: want complete=false", man, err)
	}
}

// TestReadmeCommands runs the README's commands at tiny settings on the real data.
func TestReadmeCommands(t *testing.T) {
	if _, err := fmnist.DataDir(); err != nil {
		t.Skip(err)
	}
	cmds, err := runio.ReadmeCommands("README.md", "go run ./notebooks/mnist")
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		t.Fatal("README.md shows no go run ./notebooks/mnist command")
	}
	for _, c := range cmds {
		var stdout, stderr bytes.Buffer
		out := t.TempDir()
		args := append(append(append([]string{}, c...), tiny...), "-out", out)
		if err := run(args, &stdout, &stderr); err != nil {
			t.Errorf("%v: %v", c, err)
			continue
		}
		if man, err := runfolder.ReadManifest(out); err != nil || !man.Complete || !strings.Contains(stdout.String(), "## (c)") {
			t.Errorf("%v: manifest %+v, %v; summary %q", c, man, err, stdout.String())
		}
	}
}

// TestForgedManifestKeepsUserFile: a folder whose manifest (written by another tool)
// lists a user's file is refused, and the file survives byte for byte (issue 15).
func TestForgedManifestKeepsUserFile(t *testing.T) {
	data := writeFixture(t, 4)
	runfoldertest.CheckForged(t, func(args []string) error { return run(args, io.Discard, io.Discard) },
		append([]string{"-data", data, "-studies", "c"}, tiny...)...)
}
