//go:build !linux

package simulate

// machineMemory returns 0 (unknown) where the machine's memory is not read; the
// memory limit is then Config.MaxMemory alone.
func machineMemory() uint64 { return 0 }
