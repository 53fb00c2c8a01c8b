package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func (s *Server) listTransactions(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "after", "limit")
	if err != nil {
		return err
	}
	var c fieldCollector
	after := intParam(q, "after", &c)
	limit := intParam(q, "limit", &c)
	if q.Has("limit") && (limit < 1 || limit > 1000) {
		c = append(c, ledger.FieldError{Field: "limit", Reason: "must be 1 to 1000"})
	}
	if len(c) > 0 {
		return c.merge(nil)
	}
	if limit == 0 {
		limit = 100
	}
	txs, err := s.store.Journal(r.Context(), after, int(limit))
	if err != nil {
		return err
	}
	if txs == nil {
		txs = []ledger.Transaction{}
	}
	for i := range txs {
		// A transaction that moves no money (an evaluation) has no
		// postings: [] in the answer, as the document says, not null.
		txs[i].Postings = nonNil(txs[i].Postings)
	}
	body := map[string]any{"transactions": txs}
	if len(txs) == int(limit) {
		next := seqParam(txs[len(txs)-1].Seq)
		body["nextCursor"] = next
		w.Header().Set("Link", `</api/v1/journal/transactions?after=`+next+`&limit=`+seqParam(limit)+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, body)
}

// verificationResult is a finished verification, shared with the requests
// that waited for it.
type verificationResult struct {
	v    ledger.Verification
	err  error
	done time.Time
}

// verify recomputes the journal. A verification of a long journal takes
// seconds and both cores, so only one runs at a time: a request that
// arrives while one runs waits for it and gets its answer. A request with
// checkpoints (?checkpoint=SEQ:HASH,SEQ:HASH) asks its own question, so it
// runs its own verification.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "checkpoint")
	if err != nil {
		return err
	}
	var opts ledger.VerifyOptions
	if cps := q.Get("checkpoint"); cps != "" {
		for _, c := range strings.Split(cps, ",") {
			cp, err := ledger.ParseCheckpoint(c)
			if err != nil {
				return fieldsError(ledger.FieldError{Field: "checkpoint", Reason: ledger.ErrorMessage(err)})
			}
			opts.Checkpoints = append(opts.Checkpoints, cp)
		}
	}
	withWriteDeadline(w, 10*time.Minute)
	arrived := time.Now()
	s.verifyMu.Lock()
	res := s.verified
	if len(opts.Checkpoints) > 0 || res == nil || res.done.Before(arrived) {
		v, err := s.store.Verify(r.Context(), opts)
		res = &verificationResult{v: v, err: err, done: time.Now()}
		if len(opts.Checkpoints) == 0 {
			s.verified = res
		}
	}
	s.verifyMu.Unlock()
	if res.err != nil {
		return res.err
	}
	return writeJSON(w, http.StatusOK, res.v)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Error("health: store unreadable", "err", err.Error())
		return &httpError{code: codeUnavailable, message: "the ledger cannot be read; the operator has been told in the log"}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "apiVersion": APIVersion, "build": s.build})
}
