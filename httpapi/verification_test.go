package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/ledger"
)

// heldVerifications is a store whose verifications wait until release is
// closed, each telling started what it was asked first: a verification of
// a long journal, without the long journal.
type heldVerifications struct {
	ledger.Store
	started chan ledger.VerifyOptions
	release chan struct{}
}

func (h *heldVerifications) Verify(ctx context.Context, opts ledger.VerifyOptions) (ledger.Verification, error) {
	h.started <- opts
	select {
	case <-h.release:
	case <-ctx.Done():
		return ledger.Verification{}, ctx.Err()
	}
	return h.Store.Verify(ctx, opts)
}

// verificationJSON is the answer of GET /journal/verification, finished or
// under way.
type verificationJSON struct {
	RunID        string `json:"runId"`
	Status       string `json:"status"`
	OK           bool   `json:"ok"`
	Full         bool   `json:"full"`
	FromSeq      int64  `json:"fromSeq"`
	Transactions int64  `json:"transactions"`
	HeadSeq      int64  `json:"headSeq"`
	Recorded     bool   `json:"recorded"`
	StartedAt    string `json:"startedAt"`
	Last         *struct {
		OK      bool  `json:"ok"`
		HeadSeq int64 `json:"headSeq"`
	} `json:"last"`
}

// TestVerificationRunsInTheBackground holds the verifications as a long
// journal would: the request is answered at once with 202 and the run, a
// second request joins it, a full one runs beside it, and the run is asked
// about until it ends with 200.
func TestVerificationRunsInTheBackground(t *testing.T) {
	held := &heldVerifications{started: make(chan ledger.VerifyOptions, 8), release: make(chan struct{})}
	e := newEnvConfig(t, 1000_00, func(s ledger.Store) ledger.Store { held.Store = s; return held },
		func(cfg *httpapi.Config) { cfg.VerifyWait = -1 })
	released := false
	t.Cleanup(func() {
		if !released {
			close(held.release)
		}
	})
	e.requestPayout(caseworker, "10.00")

	var run verificationJSON
	r := want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), http.StatusAccepted)
	r.JSON(t, &run)
	if run.RunID == "" || run.Status != "running" || run.Full || run.StartedAt == "" || run.Last != nil {
		t.Fatalf("202 = %+v; want an incremental run under way and no verification before it", run)
	}
	if loc := r.Header.Get("Location"); loc != "/api/v1/journal/verification?run="+run.RunID || r.Header.Get("Retry-After") == "" {
		t.Fatalf("Location %q, Retry-After %q; want the run's address and a wait", loc, r.Header.Get("Retry-After"))
	}
	if opts := <-held.started; !opts.Incremental || !opts.Record || len(opts.Checkpoints) != 0 {
		t.Fatalf("the run asked Verify for %+v; want an incremental verification that records its checkpoint", opts)
	}
	// The same question joins the run under way.
	var again verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), http.StatusAccepted).JSON(t, &again)
	if again.RunID != run.RunID {
		t.Fatalf("a second request started run %s; want it to join run %s", again.RunID, run.RunID)
	}
	// A full one is another question, and runs beside it.
	var full verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification?full=true", auditor, nil), http.StatusAccepted).JSON(t, &full)
	if full.RunID == run.RunID || !full.Full {
		t.Fatalf("full=true = %+v; want a full run of its own beside run %s", full, run.RunID)
	}
	if opts := <-held.started; opts.Incremental || !opts.Record {
		t.Fatalf("the full run asked Verify for %+v; want a full verification that records its checkpoint", opts)
	}
	if len(held.started) != 0 {
		t.Fatalf("%d more verifications started; want the two runs only", len(held.started))
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/journal/verification?full=maybe", auditor, nil), 400, ledger.EINVALID), "full")
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/journal/verification?run="+run.RunID+"&full=true", auditor, nil), 400, ledger.EINVALID), "run")
	wantProblem(t, e.do("GET", "/api/v1/journal/verification?run=999", auditor, nil), 404, ledger.ENOTFOUND)

	close(held.release)
	released = true
	done := pollVerification(t, e, run.RunID)
	// The full run may record its checkpoint before the incremental one
	// reads it, and the incremental one then continues from there.
	if !done.OK || done.RunID != run.RunID || !done.Recorded {
		t.Fatalf("run %s = %+v; want a verification, recorded", run.RunID, done)
	}
	if f := pollVerification(t, e, full.RunID); !f.OK || !f.Full {
		t.Fatalf("run %s = %+v; want a full verification", full.RunID, f)
	}
	// A new request, while nothing runs, starts a new run, and a 202
	// shows the last verification finished.
	var next verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), http.StatusAccepted).JSON(t, &next)
	if next.RunID == run.RunID || next.RunID == full.RunID || next.Last == nil || !next.Last.OK || next.Last.HeadSeq != done.HeadSeq {
		t.Fatalf("the next request = %+v; want a new run, with the last verification (head %d)", next, done.HeadSeq)
	}
	<-held.started
}

// pollVerification asks about a run until it has ended and returns its
// verification. It gives up after a minute: a bound on a hang, not a
// measure of speed.
func pollVerification(t *testing.T, e *env, id string) verificationJSON {
	t.Helper()
	for range 6000 {
		r := e.do("GET", "/api/v1/journal/verification?run="+id, auditor, nil)
		if r.Status == http.StatusOK {
			var v verificationJSON
			r.JSON(t, &v)
			return v
		}
		want(t, r, http.StatusAccepted)
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("run %s did not end", id)
	return verificationJSON{}
}

// TestVerificationContinues answers at once on a small journal, and the
// second verification continues from where the first got to.
func TestVerificationContinues(t *testing.T) {
	e := newEnv(t, 1000_00)
	e.requestPayout(caseworker, "10.00")
	var first verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), 200).JSON(t, &first)
	if !first.OK || !first.Full || !first.Recorded || first.RunID == "" {
		t.Fatalf("first verification = %+v; want a full one, recorded", first)
	}
	for i := range 3 {
		e.requestPayout(caseworker, strconv.Itoa(i+1)+".00")
	}
	var next verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), 200).JSON(t, &next)
	if !next.OK || next.Full || next.FromSeq != first.HeadSeq || next.Transactions != next.HeadSeq-first.HeadSeq || next.Transactions < 3 {
		t.Fatalf("next verification = %+v; want the transactions after %d", next, first.HeadSeq)
	}
	// The log, outside the database, says where each run started and
	// ended.
	if logs := e.logs.String(); !strings.Contains(logs, `"msg":"journal verified"`) ||
		!strings.Contains(logs, `"fromSeq":`+strconv.FormatInt(first.HeadSeq, 10)+`,"headSeq":`+strconv.FormatInt(next.HeadSeq, 10)) {
		t.Fatalf("the log does not say where the runs started and ended:\n%s", logs)
	}
	var full verificationJSON
	want(t, e.do("GET", "/api/v1/journal/verification?full=true", auditor, nil), 200).JSON(t, &full)
	if !full.OK || !full.Full || full.Transactions != full.HeadSeq {
		t.Fatalf("full verification = %+v; want all %d transactions", full, full.HeadSeq)
	}
}
