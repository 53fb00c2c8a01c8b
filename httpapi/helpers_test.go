package httpapi_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/ontschot/ontschot/httpapi/apitest"
)

func apiRequest(method, path, authorization string) apitest.Request {
	h := http.Header{}
	if authorization != "" {
		h.Set("Authorization", authorization)
	}
	return apitest.Request{Method: method, Path: path, Header: h}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
