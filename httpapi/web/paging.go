package web

import (
	"net/http"
	"net/url"

	"github.com/ontschot/ontschot/ledger"
)

// Lists that grow with the ledger (receivables, payment files, the inbox,
// one's requests and the evaluations one owes) show a page at a time with
// "vorige" and "volgende" links, and their totals beside it: the store
// reads only the page, so a page costs the same at a thousand payouts and
// at a million (ledger/lists.go).

// pageSize is how many items a page of the pages' lists shows.
const pageSize = 50

// pager is the "vorige" and "volgende" links of a paged list.
type pager struct {
	// Label names the list for screen readers ("Vorderingen").
	Label string
	// Prev and Next are the links' addresses ("": none).
	Prev, Next string
}

// listKeys are a list's query keys for its cursors: "na" for the page after
// an item, "voor" for the page before one. A page with two lists gives the
// second its own keys, so paging one keeps the other where it is.
type listKeys struct{ after, before string }

// mainList is the cursor keys of a page's (first) list.
var mainList = listKeys{"na", "voor"}

// cursors reads a list's cursors from the request.
func (k listKeys) cursors(r *http.Request) (after, before string) {
	q := r.URL.Query()
	return q.Get(k.after), q.Get(k.before)
}

// pager makes the links of a page with the cursors next and prev: the
// request's own address with the list's cursor set, everything else (a
// filter, the other list's cursor) kept, and a one-time notice left out.
func (k listKeys) pager(r *http.Request, label, next, prev string) pager {
	link := func(key, cursor string) string {
		if cursor == "" {
			return ""
		}
		q := r.URL.Query()
		q.Del("melding")
		q.Del(k.after)
		q.Del(k.before)
		q.Set(key, cursor)
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	return pager{Label: label, Next: link(k.after, next), Prev: link(k.before, prev)}
}

// badPage answers a list whose cursor the store refused (an address typed
// or kept from long ago that names no item): a Dutch page that says to
// start at the first page. Any other error is returned for h.fail.
func (h *Handler) badPage(w http.ResponseWriter, r *http.Request, s *session, err error) error {
	if ledger.ErrorCode(err) != ledger.EINVALID {
		return err
	}
	h.renderError(w, r, s, http.StatusBadRequest, "Deze pagina bestaat niet",
		"Dit adres wijst naar een pagina van de lijst die er niet (meer) is. Open de lijst opnieuw via het menu; u begint dan bij de eerste pagina.")
	return nil
}
