package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// IDX magic numbers of unsigned-byte files (the only type MNIST uses): 0x00000800 | rank.
const (
	magicLabels = 0x00000801 // rank 1: n labels
	magicImages = 0x00000803 // rank 3: n × rows × cols pixels
)

// maxIDXBytes bounds the payload a header may announce (1 GiB), so a corrupt header
// cannot make the reader allocate without limit before it notices the truncation.
const maxIDXBytes = 1 << 30

// Images is an IDX image file: N images of Rows×Cols unsigned bytes, row-major, image
// after image.
type Images struct {
	N, Rows, Cols int
	Pix           []uint8
}

// Image returns the pixels of image k (a slice of Pix, not a copy).
func (im *Images) Image(k int) []uint8 {
	d := im.Rows * im.Cols
	return im.Pix[k*d : (k+1)*d]
}

// ReadImages reads an IDX image file (magic 0x803), gzip-compressed or not. It returns
// an error naming the file and the fault for a wrong magic number, a zero dimension,
// a payload shorter or longer than the header announces, or a corrupt gzip stream.
func ReadImages(path string) (*Images, error) {
	dims, pix, err := readIDX(path, magicImages, 3)
	if err != nil {
		return nil, err
	}
	return &Images{N: dims[0], Rows: dims[1], Cols: dims[2], Pix: pix}, nil
}

// ReadLabels reads an IDX label file (magic 0x801), gzip-compressed or not, with the
// errors of ReadImages.
func ReadLabels(path string) ([]uint8, error) {
	_, lab, err := readIDX(path, magicLabels, 1)
	return lab, err
}

// readIDX reads the whole file at path, checks its magic and dimensions and returns
// them with the payload.
func readIDX(path string, magic uint32, rank int) ([]int, []uint8, error) {
	raw, err := readMaybeGzip(path)
	if err != nil {
		return nil, nil, err
	}
	header := 4 + 4*rank
	if len(raw) < 4 {
		return nil, nil, fmt.Errorf("mnist: %s: truncated: %d bytes, need at least 4 for the IDX magic number", path, len(raw))
	}
	if got := binary.BigEndian.Uint32(raw); got != magic {
		return nil, nil, fmt.Errorf("mnist: %s: wrong IDX magic number %#08x, want %#08x (%s)", path, got, magic, kindOf(magic))
	}
	if len(raw) < header {
		return nil, nil, fmt.Errorf("mnist: %s: truncated header: %d bytes, need %d", path, len(raw), header)
	}
	dims := make([]int, rank)
	size := 1
	for i := range dims {
		d := binary.BigEndian.Uint32(raw[4+4*i:])
		if d == 0 {
			return nil, nil, fmt.Errorf("mnist: %s: dimension %d is 0", path, i)
		}
		dims[i] = int(d)
		if size > maxIDXBytes/dims[i] {
			return nil, nil, fmt.Errorf("mnist: %s: header dimensions %v announce more than %d bytes", path, dims[:i+1], maxIDXBytes)
		}
		size *= dims[i]
	}
	payload := raw[header:]
	switch {
	case len(payload) < size:
		return nil, nil, fmt.Errorf("mnist: %s: truncated data: %d bytes after the header, dimensions %v need %d", path, len(payload), dims, size)
	case len(payload) > size:
		return nil, nil, fmt.Errorf("mnist: %s: %d trailing bytes after the %d the dimensions %v announce", path, len(payload)-size, size, dims)
	}
	return dims, payload, nil
}

func kindOf(magic uint32) string {
	if magic == magicImages {
		return "unsigned-byte images, rank 3"
	}
	return "unsigned-byte labels, rank 1"
}

// readMaybeGzip returns the content of path, gunzipped if it starts with the gzip magic
// bytes 1f 8b.
func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(2)
	if !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		b, err := io.ReadAll(br)
		if err != nil {
			return nil, fmt.Errorf("mnist: %s: %w", path, err)
		}
		return b, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: corrupt gzip header: %w", path, err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxIDXBytes+64))
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: corrupt or truncated gzip stream: %w", path, err)
	}
	return b, nil
}
