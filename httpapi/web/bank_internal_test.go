package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"testing"
)

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestReadUploadStopsAtItsLimit: an upload larger than its page's limit
// is marked too large having read no more than the limit (plus the byte
// that tells), not read whole into memory or temporary files; one within
// it is read, its fields and file there for the page.
func TestReadUploadStopsAtItsLimit(t *testing.T) {
	const limit = 64 << 10
	body := func(size int) (*countingReader, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("csrf", "token")
		fw, _ := mw.CreateFormFile("file", "f.xml")
		_, _ = fw.Write(bytes.Repeat([]byte("x"), size))
		_ = mw.Close()
		return &countingReader{r: &b}, mw.FormDataContentType()
	}

	big, ct := body(4 * limit)
	r := httptest.NewRequest("POST", bankPath, big)
	r.Header.Set("Content-Type", ct)
	r = readUpload(httptest.NewRecorder(), r, limit)
	if !uploadTooLarge(r) {
		t.Errorf("an upload of 4 times the limit is not marked too large")
	}
	if big.n > limit+1 {
		t.Errorf("%d bytes read of an upload too large; want at most the limit, %d, and one", big.n, limit)
	}

	small, ct := body(limit / 2)
	r = httptest.NewRequest("POST", bankPath, small)
	r.Header.Set("Content-Type", ct)
	r = readUpload(httptest.NewRecorder(), r, limit)
	if uploadTooLarge(r) {
		t.Errorf("an upload within the limit is marked too large")
	}
	if got := r.PostFormValue("csrf"); got != "token" {
		t.Errorf("the form's token is %q; want token", got)
	}
	if _, hdr, err := r.FormFile("file"); err != nil || hdr.Size != limit/2 {
		t.Errorf("the file: %v, %v", hdr, err)
	}
}
