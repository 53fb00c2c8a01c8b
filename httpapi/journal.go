package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// maxJournalPage is the most transactions GET /journal/transactions
// answers at once: an auditor's tool reads the whole journal in pages, and
// a transaction is small.
const maxJournalPage = 1000

func (s *Server) listTransactions(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "after", "limit")
	if err != nil {
		return err
	}
	var c fieldCollector
	after := intParam(q, "after", &c)
	limit := int64(limitParam(q, &c, maxJournalPage))
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

// verifyWait is how long a request for a verification waits for it by
// default before it is answered 202 with the run under way
// (Config.VerifyWait).
const verifyWait = 2 * time.Second

// keepRuns is how many finished verification runs a server remembers for
// GET /journal/verification?run=ID.
const keepRuns = 16

// verifyRun is one verification, run in the background so that no request
// waits for a long journal: a request waits for it a little
// (Config.VerifyWait) and otherwise gets the run's id to ask again.
type verifyRun struct {
	id        string
	full      bool // asked to verify the whole journal
	witnessed bool // with checkpoints given: its own question
	started   time.Time
	done      chan struct{} // closed when v and err are set
	v         ledger.Verification
	err       error
	finished  time.Time
}

// verifier runs the server's verifications: at most one incremental and
// one full one at a time (a request joins the one under way of its kind),
// and one of its own for each request with checkpoints. An incremental
// verification reads what was appended since the last one, in moments,
// beside a full one that takes minutes at a million payouts (about two
// minutes of CPU per million transactions). Runs continue when the request
// that started them is gone, and record where they got to in the ledger
// (VerifyOptions.Record), so the next continues from there.
type verifier struct {
	store ledger.Store
	log   *slog.Logger
	ctx   context.Context // ends at Close: stops the runs under way
	stop  context.CancelFunc
	wg    sync.WaitGroup

	mu      sync.Mutex
	n       int64
	running map[bool]*verifyRun // by full, without checkpoints
	runs    map[string]*verifyRun
	order   []string // ids, oldest first
	last    *verifyRun
}

func newVerifier(store ledger.Store, log *slog.Logger) *verifier {
	ctx, stop := context.WithCancel(context.Background())
	return &verifier{store: store, log: log, ctx: ctx, stop: stop, running: map[bool]*verifyRun{}, runs: map[string]*verifyRun{}}
}

// start returns a run that answers the question: the one under way that
// does, or a new one.
func (vr *verifier) start(full bool, checkpoints []ledger.Checkpoint) *verifyRun {
	vr.mu.Lock()
	defer vr.mu.Unlock()
	witnessed := len(checkpoints) > 0
	if r := vr.running[full]; r != nil && !witnessed {
		return r
	}
	vr.n++
	r := &verifyRun{id: strconv.FormatInt(vr.n, 10), full: full || witnessed, witnessed: witnessed, started: time.Now(), done: make(chan struct{})}
	if !witnessed {
		vr.running[r.full] = r
	}
	vr.runs[r.id] = r
	vr.order = append(vr.order, r.id)
	vr.wg.Add(1)
	go func() {
		defer vr.wg.Done()
		v, err := vr.store.Verify(vr.ctx, ledger.VerifyOptions{Checkpoints: checkpoints, Incremental: !r.full, Record: true})
		switch {
		case err != nil && vr.ctx.Err() == nil:
			vr.log.Error("verification failed to read the ledger", "run", r.id, "err", err.Error())
		case err == nil && !v.OK:
			vr.log.Error("the journal does not verify", "run", r.id, "full", v.Full, "fromSeq", v.FromSeq, "failure", v.Failure.Error())
		case err == nil:
			// Where each run started and ended, outside the database: a
			// recorded checkpoint moved by hand between two runs shows as
			// a run that starts where none ended.
			vr.log.Info("journal verified", "run", r.id, "full", v.Full, "fromSeq", v.FromSeq, "headSeq", v.HeadSeq,
				"headHash", v.HeadHash, "transactions", v.Transactions, "recorded", v.Recorded)
		}
		vr.mu.Lock()
		defer vr.mu.Unlock()
		r.v, r.err, r.finished = v, err, time.Now()
		close(r.done)
		if vr.running[r.full] == r {
			delete(vr.running, r.full)
		}
		if err == nil {
			vr.last = r
		}
		vr.forget()
	}()
	return r
}

// forget drops the oldest finished runs beyond keepRuns.
func (vr *verifier) forget() {
	finished := 0
	for _, id := range vr.order {
		if r := vr.runs[id]; r != nil && !r.finished.IsZero() {
			finished++
		}
	}
	keep := vr.order[:0]
	for _, id := range vr.order {
		r := vr.runs[id]
		if finished > keepRuns && !r.finished.IsZero() {
			delete(vr.runs, id)
			finished--
			continue
		}
		keep = append(keep, id)
	}
	vr.order = keep
}

// find returns the run with the id, or nil.
func (vr *verifier) find(id string) *verifyRun {
	vr.mu.Lock()
	defer vr.mu.Unlock()
	return vr.runs[id]
}

// lastFinished returns the last run that finished without an error to
// read (its journal may not have verified), or nil.
func (vr *verifier) lastFinished() *verifyRun {
	vr.mu.Lock()
	defer vr.mu.Unlock()
	return vr.last
}

// close stops the runs under way and waits for them: the store is closed
// next, and must find every connection back.
func (vr *verifier) close() {
	vr.stop()
	vr.wg.Wait()
}

// waitFor waits up to s.verifyWait for the run to finish and reports
// whether it did; with a negative wait it only looks. Errors: ctx's.
func (s *Server) waitFor(ctx context.Context, run *verifyRun) (bool, error) {
	if s.verifyWait < 0 {
		select {
		case <-run.done:
			return true, nil
		default:
			return false, nil
		}
	}
	timer := time.NewTimer(s.verifyWait)
	defer timer.Stop()
	select {
	case <-run.done:
		return true, nil
	case <-timer.C:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// maxVerificationAge is how old a verification a document may cite when the
// journal has grown since (verifiedRecently).
const maxVerificationAge = 15 * time.Minute

// verifiedRecently returns a verification for a document to cite (a
// statement, a payment file): the last one this server finished when it
// covers the journal's head or is recent (maxVerificationAge), and
// otherwise an incremental one, which reads what was appended since the
// last and so takes moments; it never waits for a full one.
func (s *Server) verifiedRecently(ctx context.Context) (ledger.Verification, error) {
	seq, _, err := s.store.JournalHead(ctx)
	if err != nil {
		return ledger.Verification{}, err
	}
	if last := s.verifier.lastFinished(); last != nil && (last.v.HeadSeq == seq || time.Since(last.finished) < maxVerificationAge) {
		return last.v, nil
	}
	run := s.verifier.start(false, nil)
	select {
	case <-run.done:
		return run.v, run.err
	case <-ctx.Done():
		return ledger.Verification{}, ctx.Err()
	}
}

// verificationBody is a finished verification as the API answers it.
type verificationBody struct {
	ledger.Verification
	RunID string `json:"runId"`
}

// runningBody is a verification under way, with the last one finished.
type runningBody struct {
	RunID     string               `json:"runId"`
	Status    string               `json:"status"`
	Full      bool                 `json:"full"`
	StartedAt time.Time            `json:"startedAt"`
	Last      *ledger.Verification `json:"last,omitempty"`
}

// verify answers GET /journal/verification. Without run, it starts a
// verification (incremental, from where the last one got to; full with
// full=true or with checkpoints, ?checkpoint=SEQ:HASH,SEQ:HASH, which ask
// their own question) or joins the one under way that answers the same
// question. With run=ID it asks about a run started earlier. Either way it
// waits for the run up to VerifyWait: 200 with the verification when it
// ended, or 202 with the run under way, the last verification finished,
// and where to ask again (Location, Retry-After). No request waits a
// minute for a long journal.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, "checkpoint", "full", "run")
	if err != nil {
		return err
	}
	var cps []ledger.Checkpoint
	if list := q.Get("checkpoint"); list != "" {
		for _, c := range strings.Split(list, ",") {
			cp, err := ledger.ParseCheckpoint(c)
			if err != nil {
				return fieldsError(ledger.FieldError{Field: "checkpoint", Reason: ledger.ErrorMessage(err)})
			}
			cps = append(cps, cp)
		}
	}
	var full bool
	switch q.Get("full") {
	case "", "false":
	case "true":
		full = true
	default:
		return fieldsError(ledger.FieldError{Field: "full", Reason: "write true (verify the whole journal) or false (what was appended since the last verification)"})
	}
	var run *verifyRun
	if id := q.Get("run"); id != "" {
		if q.Has("full") || q.Has("checkpoint") {
			return fieldsError(ledger.FieldError{Field: "run", Reason: "asks about a verification already started; leave out full and checkpoint"})
		}
		if run = s.verifier.find(id); run == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "this server has no verification run %q: it forgets all but its last %d, and another server behind the same address knows only its own. Ask for a new verification without run", id, keepRuns)
		}
	} else {
		run = s.verifier.start(full, cps)
	}
	if finished, err := s.waitFor(r.Context(), run); err != nil {
		return err
	} else if finished {
		if run.err != nil {
			return run.err
		}
		return writeJSON(w, http.StatusOK, verificationBody{Verification: run.v, RunID: run.id})
	}
	body := runningBody{RunID: run.id, Status: "running", Full: run.full, StartedAt: run.started.UTC()}
	if last := s.verifier.lastFinished(); last != nil {
		body.Last = &last.v
	}
	w.Header().Set("Location", "/api/v1/journal/verification?run="+run.id)
	w.Header().Set("Retry-After", "5")
	return writeJSON(w, http.StatusAccepted, body)
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
