package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestProgressOnlyOnATerminal: the bar is drawn on a character device (a
// terminal) and on nothing else: not into a buffer, a file or a pipe.
func TestProgressOnlyOnATerminal(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, out := range map[string]io.Writer{"a buffer": &bytes.Buffer{}, "a file": file, "a pipe": w} {
		if isTerminal(out) {
			t.Errorf("%s is taken for a terminal", name)
		}
	}
	if st, _ := file.Stat(); st.Size() != 0 {
		t.Fatal("setup: the file is not empty")
	}
	bar := newProgress(file, 3, "statements 2026-Q3")
	bar.step()
	bar.done()
	if st, _ := file.Stat(); st.Size() != 0 {
		t.Errorf("a bar was drawn into a file (%d bytes)", st.Size())
	}
	// A character device is one; /dev/null is the one every machine has.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if !isTerminal(null) {
		t.Errorf("%s, a character device, is not taken for one", os.DevNull)
	}
}
