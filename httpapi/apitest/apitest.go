// Package apitest drives the ontschot API in tests and checks every answer
// against the OpenAPI document the server publishes: the status must be
// documented for the operation, the headers and the body must fit their
// schemas, and every answer carries API-Version. So the document cannot
// drift from the code without a test failing.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ontschot/ontschot/httpapi"
)

// Client sends requests to a running server and checks the answers.
type Client struct {
	t      testing.TB
	base   string
	http   *http.Client
	router routers.Router
}

// New returns a client for the server at base ("http://127.0.0.1:1234").
func New(t testing.TB, base string) *Client {
	t.Helper()
	doc, err := httpapi.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{t: t, base: strings.TrimRight(base, "/"), http: &http.Client{}, router: router}
}

// Response is an answer, read completely.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("answer %d is not the JSON expected: %v\n%s", r.Status, err, r.Body)
	}
}

// Problem decodes a problem answer.
func (r *Response) Problem(t testing.TB) httpapi.Problem {
	t.Helper()
	var p httpapi.Problem
	r.JSON(t, &p)
	return p
}

// Request is a request to send.
type Request struct {
	Method string
	Path   string // from the root: "/api/v1/pots"
	Token  string
	// Body is sent as JSON; a string or []byte is sent as it is.
	Body any
	// Header holds extra headers; Content-Type defaults to application/json
	// when there is a body.
	Header http.Header
}

// Do sends the request and checks the answer against the OpenAPI document.
func (c *Client) Do(req Request) *Response {
	c.t.Helper()
	var body io.Reader
	var raw []byte
	switch b := req.Body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			c.t.Fatal(err)
		}
	}
	if raw != nil {
		body = bytes.NewReader(raw)
	}
	hr, err := http.NewRequest(req.Method, c.base+req.Path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	if raw != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if req.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+req.Token)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.Path, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: got}
	c.check(hr, raw, r)
	return r
}

// check holds the answer against the document.
func (c *Client) check(hr *http.Request, reqBody []byte, r *Response) {
	c.t.Helper()
	where := hr.Method + " " + hr.URL.RequestURI()
	if r.Header.Get("API-Version") != httpapi.APIVersion {
		c.t.Fatalf("%s: answer %d has API-Version %q; want %q on every answer", where, r.Status, r.Header.Get("API-Version"), httpapi.APIVersion)
	}
	if r.Status >= 400 {
		if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
			c.t.Fatalf("%s: error %d is %q, not application/problem+json:\n%s", where, r.Status, ct, r.Body)
		}
		var p map[string]any
		if err := json.Unmarshal(r.Body, &p); err != nil {
			c.t.Fatalf("%s: error %d is not JSON: %s", where, r.Status, r.Body)
		}
		for _, k := range []string{"status", "title", "detail", "type", "code"} {
			if _, ok := p[k]; !ok {
				c.t.Fatalf("%s: problem lacks %q: %s", where, k, r.Body)
			}
		}
	}
	probe := hr.Clone(context.Background())
	probe.URL.Host, probe.URL.Scheme, probe.Host = "", "", ""
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		// A path the document does not have: only an error may answer it.
		if r.Status < 400 && !strings.HasPrefix(hr.URL.Path, "/metrics") {
			c.t.Fatalf("%s: answered %d, but the OpenAPI document has no such operation", where, r.Status)
		}
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if reqBody != nil {
		probe.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	// Bodies other than JSON (the document as YAML) are checked for their
	// status and headers only: the validator reads JSON.
	ct := r.Header.Get("Content-Type")
	jsonBody := strings.HasPrefix(ct, "application/json") || strings.Contains(ct, "+json")
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 r.Status,
		Header:                 r.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: !jsonBody},
	}
	out.SetBodyBytes(r.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		c.t.Fatalf("%s: answer %d does not fit the OpenAPI document: %v\n%s", where, r.Status, err, r.Body)
	}
}
