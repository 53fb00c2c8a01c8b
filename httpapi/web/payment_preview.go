package web

import (
	"errors"
	"net/http"

	"github.com/ontschot/ontschot/ledger"
)

// A payment run books money and marks payouts paid, and cannot be undone:
// the pages never make one in a single click. The payments page's form asks
// for a preview (a dry run of the ledger's payment run: how many payouts,
// how much, per pot and from which account, which go as instant payments);
// only its confirmation, which carries the preview's plan, books, and the
// ledger pays exactly that plan or refuses, so nothing approved, reversed
// or paid after the preview is paid unseen.

// previewPage is the preview of a payment run with the form to confirm it.
type previewPage struct {
	Plan ledger.PaymentBatch
	// PlanID is the plan's digest, which the confirmation sends back.
	PlanID string
	Groups []previewGroup
	// Instant lists the urgent payouts: they go as instant payments.
	Instant       []ledger.PaymentItem
	InstantAmount ledger.Cents
	Skipped       []string
	Names         map[ledger.PotID]string
	// Form holds the pot and execution date asked for and the
	// confirmation's key; Changed says why a confirmation was refused.
	Form    *form
	Changed string
}

// previewGroup is what the run pays from one pot.
type previewGroup struct {
	ledger.PaymentGroup
	PotLabel      string
	Instant       int
	InstantAmount ledger.Cents
}

// paymentPreview shows what a payment run of the pot and execution date
// in the query would pay now, with the form to confirm it.
func (h *Handler) paymentPreview(w http.ResponseWriter, r *http.Request, s *session) error {
	f := newForm(nil)
	f.Values["potId"] = r.URL.Query().Get("potId")
	f.Values["executionDate"] = r.URL.Query().Get("executionDate")
	return h.preview(w, r, s, f, "", http.StatusOK)
}

// paymentRequest reads the pot and execution date of a payment form; a
// date that is none is a fault of the form.
func paymentRequest(f *form) ledger.NewPaymentBatch {
	req := ledger.NewPaymentBatch{PotID: ledger.PotID(f.Get("potId"))}
	if d := f.Get("executionDate"); d != "" {
		date, err := ledger.ParseDate(d)
		if err != nil {
			f.Fail("executionDate", dateMessage(err, "Kies de dag waarop de bank moet betalen."))
		}
		req.ExecutionDate = date
	}
	return req
}

// preview renders the preview of the run the form asks for, with status;
// changed, when not "", says why the confirmation of an earlier preview
// was refused. A run the ledger would refuse (nothing to pay, a date in
// the past) shows the payments page with the form's faults instead, with
// the status the API gives the same dry run: 400 for a mistake in the
// form, 409 when there is nothing to pay.
func (h *Handler) preview(w http.ResponseWriter, r *http.Request, s *session, f *form, changed string, status int) error {
	req := paymentRequest(f)
	refused := http.StatusBadRequest
	if !f.Failed() {
		req.DryRun = true
		plan, err := h.store.CreatePaymentBatch(ctx(r), s.Actor, req)
		if err == nil {
			return h.renderPreview(w, r, s, f, plan, changed, status)
		}
		if err := f.refuse(err, nil); err != nil {
			return err
		}
		refused = refusedStatus(err)
	}
	return h.renderPayments(w, r, s, f, refused)
}

func (h *Handler) renderPreview(w http.ResponseWriter, r *http.Request, s *session, f *form, plan ledger.PaymentBatch, changed string, status int) error {
	names, _, err := h.potNames(r)
	if err != nil {
		return err
	}
	// A new key for every preview shown: the confirmation of this plan
	// books once however often it is sent, and a refused one does not
	// hold the key of the next.
	f.keyed()
	f.Values["executionDate"] = plan.ExecutionDate.String()
	v := previewPage{Plan: plan, PlanID: plan.PlanDigest(), Names: names, Form: f, Changed: changed}
	for _, g := range plan.Groups {
		pg := previewGroup{PaymentGroup: g, PotLabel: names[g.PotID]}
		pg.Instant, pg.InstantAmount = plan.Instant(g.PotID)
		v.Groups = append(v.Groups, pg)
	}
	for _, it := range plan.Items {
		if it.Urgency == ledger.UrgencyUrgent {
			v.Instant = append(v.Instant, it)
			v.InstantAmount += it.Amount
		}
	}
	for _, id := range plan.SkippedPots {
		v.Skipped = append(v.Skipped, names[id])
	}
	h.render(w, r, s, status, "paymentpreview", "Betaalbestand controleren", v)
	return nil
}

// planChanged reports whether the ledger refused a run because what waits
// to be paid is no longer the plan that was confirmed.
func planChanged(err error) bool {
	var le *ledger.Error
	return errors.As(err, &le) && le.Msg.Code == ledger.MsgPaymentPlanChanged
}
