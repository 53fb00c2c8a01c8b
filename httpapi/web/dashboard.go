package web

import (
	"mime"
	"net/http"
	"sort"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// download answers with a file to save.
func download(w http.ResponseWriter, media, name, body string) {
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

type potsPage struct {
	Pots []potCard
}

type potCard struct {
	Pot     ledger.Pot
	Balance ledger.Balance
	Regret  allocation.RegretFigures
	Year    int
}

// potsPage lists every pot with its balance and regret ratio.
func (h *Handler) potsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	pots, err := h.store.Pots(ctx(r))
	if err != nil {
		return err
	}
	sort.SliceStable(pots, func(i, j int) bool {
		if pots[i].Year != pots[j].Year {
			return pots[i].Year > pots[j].Year
		}
		return pots[i].Name < pots[j].Name
	})
	v := potsPage{}
	for _, p := range pots {
		b, err := h.store.Balance(ctx(r), p.ID)
		if err != nil {
			return err
		}
		year := h.alloc.RegretYear(&p)
		rr, err := h.alloc.Regret(ctx(r), &p, year)
		if err != nil {
			return err
		}
		v.Pots = append(v.Pots, potCard{Pot: p, Balance: b, Regret: rr.Year, Year: year})
	}
	h.render(w, r, s, http.StatusOK, "pots", "Potten", v)
	return nil
}

type dashboardPage struct {
	Pot        ledger.Pot
	Balance    ledger.Balance
	Funding    []ledger.Funding
	Months     []reports.MonthLine
	Regret     allocation.RegretReport
	Meter      meter
	Signals    []allocation.Signal
	Timeliness allocation.PotTimeliness
	Labels     map[string]string
	Year       int
}

// meter draws a ratio against its threshold: the bar's width and the
// threshold's place, as percentages of a scale that reaches a little
// beyond whichever is larger.
type meter struct {
	Width, Mark int
}

func meterOf(ratio, threshold ledger.Ratio) meter {
	scale := max(ratio, threshold) * 5 / 4
	if scale <= 0 {
		return meter{}
	}
	return meter{Width: int(int64(ratio) * 100 / int64(scale)), Mark: int(int64(threshold) * 100 / int64(scale))}
}

// dashboard shows a pot: its money, spending per month, the regret ratio
// against its threshold, the open signals that concern it, and how fast
// requests were decided.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, s *session) error {
	pot, err := h.store.Pot(ctx(r), ledger.PotID(mux.Vars(r)["id"]))
	if err != nil {
		return err
	}
	v := dashboardPage{Pot: pot, Year: h.alloc.RegretYear(&pot)}
	if v.Balance, err = h.store.Balance(ctx(r), pot.ID); err != nil {
		return err
	}
	if v.Funding, err = h.store.Funding(ctx(r), pot.ID); err != nil {
		return err
	}
	if v.Months, err = h.reports.Months(ctx(r), pot.ID, pot.Year); err != nil {
		return err
	}
	if v.Regret, err = h.alloc.Regret(ctx(r), &pot, v.Year); err != nil {
		return err
	}
	v.Meter = meterOf(v.Regret.Year.Ratio, v.Regret.Threshold)
	signals, err := h.alloc.SignalsFor(ctx(r), s.Actor, 0)
	if err != nil {
		return err
	}
	for _, sg := range signals {
		if sg.TakenUp != nil {
			continue
		}
		for _, id := range sg.Pots {
			if id == pot.ID {
				v.Signals = append(v.Signals, sg)
				break
			}
		}
	}
	if v.Timeliness, err = h.alloc.Timeliness(ctx(r), pot.ID, s.Actor); err != nil {
		return err
	}
	if v.Labels, err = h.categoryLabels(r); err != nil {
		return err
	}
	h.render(w, r, s, http.StatusOK, "dashboard", potLabel(&pot), v)
	return nil
}

// chart draws a pot's spending per month as a PNG.
func (h *Handler) chart(w http.ResponseWriter, r *http.Request, s *session) error {
	pot, err := h.store.Pot(ctx(r), ledger.PotID(mux.Vars(r)["id"]))
	if err != nil {
		return err
	}
	months, err := h.reports.Months(ctx(r), pot.ID, pot.Year)
	if err != nil {
		return err
	}
	if len(months) == 0 {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoChartYet, pot.ID, pot.Year)
	}
	png, err := reports.MonthChartPNG(months)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(png)
	return nil
}
