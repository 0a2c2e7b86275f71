package testutil

import "errors"

// ErrDiskFull is the error FailingWriter returns.
var ErrDiskFull = errors.New("disk full")

// FailingWriter fails every write with ErrDiskFull, as a full disk or a closed pipe
// would; tests use it to show that a writer's error is returned.
type FailingWriter struct{}

// Write writes nothing and returns ErrDiskFull.
func (FailingWriter) Write([]byte) (int, error) { return 0, ErrDiskFull }
