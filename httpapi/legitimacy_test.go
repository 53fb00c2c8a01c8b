package httpapi_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestLegitimacyPagesOverHTTP: as JSON the legitimacy report's exceptions
// come a page at a time, with cursors in the body and the Link header and
// the whole period's figures on every page; the CSV lists them all.
func TestLegitimacyPagesOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	for range 5 {
		e.requestPayout(caseworker, "100.00")
	}
	type report struct {
		Requests   int `json:"requests"`
		Exceptions []struct {
			PayoutID string `json:"payoutId"`
		} `json:"exceptions"`
		NextCursor string `json:"nextCursor"`
		PrevCursor string `json:"prevCursor"`
	}
	path := "/api/v1/legitimacy-reports/2026-Q1"
	var all report
	want(t, e.do("GET", path, auditor, nil), 200).JSON(t, &all)
	if all.Requests != 5 || len(all.Exceptions) != 5 || all.NextCursor != "" {
		t.Fatalf("one page of all: %+v", all)
	}
	var seen []string
	cursor := ""
	for range 3 {
		u := path + "?limit=2"
		if cursor != "" {
			u += "&after=" + cursor
		}
		r := want(t, e.do("GET", u, auditor, nil), 200)
		var p report
		r.JSON(t, &p)
		if p.Requests != 5 {
			t.Fatalf("a page's figures: %+v", p)
		}
		for _, x := range p.Exceptions {
			seen = append(seen, x.PayoutID)
		}
		link := strings.Join(r.Header.Values("Link"), ", ")
		if (p.NextCursor != "") != strings.Contains(link, `rel="next"`) || (p.PrevCursor != "") != strings.Contains(link, `rel="prev"`) {
			t.Fatalf("cursors %q %q, Link %q", p.NextCursor, p.PrevCursor, link)
		}
		cursor = p.NextCursor
		if cursor == "" {
			break
		}
	}
	if len(seen) != 5 || cursor != "" {
		t.Fatalf("the pages held %v, and then %q", seen, cursor)
	}
	for i, x := range all.Exceptions {
		if seen[i] != x.PayoutID {
			t.Fatalf("the pages hold %v; the report %+v", seen, all.Exceptions)
		}
	}
	r := want(t, e.do("GET", path+"?limit=2", auditor, nil, "Accept", "text/csv"), 200)
	for _, id := range seen {
		if !strings.Contains(string(r.Body), id) {
			t.Fatalf("the CSV does not list %s:\n%s", id, r.Body)
		}
	}
	wantParam(t, wantProblem(t, e.do("GET", path+"?after=PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", auditor, nil), 400, ledger.EINVALID), "after")
	wantParam(t, wantProblem(t, e.do("GET", path+"?limit=501", auditor, nil), 400, ledger.EINVALID), "limit")
	wantParam(t, wantProblem(t, e.do("GET", path+"?after="+seen[1]+"&before="+seen[3], auditor, nil), 400, ledger.EINVALID), "before")
}
