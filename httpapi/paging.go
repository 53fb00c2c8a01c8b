package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ontschot/ontschot/ledger"
)

// GET /receivables and GET /payment-batches page as GET /payouts does, in
// both directions: limit is the page size (1 to 500, default 50); after=ID
// asks for the page that follows the item ID, before=ID for the page that
// precedes it. The answer gives the cursors of the pages around it as
// nextCursor and prevCursor (left out when there is none) and as Link
// headers (rel="next", rel="prev", RFC 8288) that repeat the request with
// after or before set. Totals beside a page count the whole list, from the
// store's aggregate queries.

// pageKeys are the query keys of a paged list.
var pageKeys = []string{"after", "before", "limit"}

// pageParams reads the paging keys, collecting a limit that is not one.
func pageParams(q url.Values, c *fieldCollector) (after, before string, limit int) {
	return q.Get("after"), q.Get("before"), limitParam(q, c, ledger.MaxPageSize)
}

// limitParam reads a list's page size, a whole number from 1 to max, or 0
// when the query leaves it out (the list's default). Every limit that is
// not one (empty, not a number, 0, negative, above max) is the same
// mistake and is told in the same words, with the range that is allowed.
func limitParam(q url.Values, c *fieldCollector, max int) int {
	if !q.Has("limit") {
		return 0
	}
	s := q.Get("limit")
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		*c = append(*c, ledger.FieldError{Field: "limit", Reason: fmt.Sprintf("%q is not a page size: give a whole number from 1 to %d", s, max)})
		return 0
	}
	return n
}

// pageLinks adds a page's cursors to its body and as Link headers.
func pageLinks(w http.ResponseWriter, r *http.Request, body map[string]any, next, prev string) {
	link := func(key, cursor, rel string) {
		u := *r.URL
		q := u.Query()
		q.Del("after")
		q.Del("before")
		q.Set(key, cursor)
		u.RawQuery = q.Encode()
		w.Header().Add("Link", "<"+u.RequestURI()+`>; rel="`+rel+`"`)
	}
	if next != "" {
		body["nextCursor"] = next
		link("after", next, "next")
	}
	if prev != "" {
		body["prevCursor"] = prev
		link("before", prev, "prev")
	}
}
