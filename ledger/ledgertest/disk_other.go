//go:build !linux

package ledgertest

import "testing"

// SmallDisk skips the test: it needs a tmpfs that only Linux mounts this way.
func SmallDisk(t testing.TB, size int64) string {
	t.Helper()
	t.Skip("a small filesystem to fill up is mounted on Linux only")
	return ""
}

// FillDisk is not reached: SmallDisk skipped the test.
func FillDisk(t testing.TB, dir string) (free func()) {
	t.Helper()
	t.Skip("a small filesystem to fill up is mounted on Linux only")
	return func() {}
}
