package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// readyTimeout bounds the write the readiness check makes: a writer that has
// not committed it by then is as good as one that cannot (a load balancer
// waits a few seconds at most), and the check must not pile up behind it.
const readyTimeout = 5 * time.Second

// readyRetryAfter is the Retry-After of a not-ready answer, in seconds: about
// the interval at which a load balancer probes again.
const readyRetryAfter = 10

// ready answers GET /api/v1/health/ready: whether the service can take
// writes now, which the ledger finds out by committing one (ledger.Store
// Ready). It is what a load balancer should probe before it sends requests
// here; /api/v1/health (liveness) answers whether the process can still read
// its ledger, which is what a supervisor needs before it restarts the
// process: a full disk is not mended by a restart, and a restart loop would
// stop the reads that still work.
func (s *Server) ready(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.store.Ready(ctx); err != nil {
		s.log.Error("readiness: the ledger cannot take writes", "err", err.Error())
		w.Header().Set("Retry-After", strconv.Itoa(readyRetryAfter))
		return &httpError{code: codeUnavailable, message: "the ledger cannot take writes now (reads still work); the operator has been told in the log"}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "apiVersion": APIVersion, "build": s.build})
}
