package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ontschot/ontschot/httpapi/internal/gate"
	"github.com/ontschot/ontschot/ledger"
)

// metrics are what /metrics exposes besides the Go and process collectors.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func prometheusGoCollectors() []prometheus.Collector {
	return []prometheus.Collector{collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})}
}

func newMetrics(reg *prometheus.Registry, store ledger.Store, heavy *gate.Gate) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ontschot_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ontschot_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration, &payoutGauge{store: store, desc: prometheus.NewDesc(
		"ontschot_payouts", "Payouts in the ledger by status, counted when scraped.", []string{"status"}, nil)},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_running",
			Help: "Heavy reads (queues, reports) running now."}, func() float64 { return float64(heavy.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_waiting",
			Help: "Heavy reads waiting for a slot now."}, func() float64 { return float64(heavy.Waiting()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ontschot_heavy_reads_refused_total",
			Help: "Heavy reads answered 503 because they could not get a slot in time."}, func() float64 { return float64(heavy.Refused()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_slots",
			Help: "Heavy reads that may run at once."}, func() float64 { return float64(heavy.Slots()) }))
	if mc, ok := store.(moveCounter); ok {
		reg.MustRegister(&payoutMoves{store: mc, desc: prometheus.NewDesc("ontschot_payouts_total",
			"Payout events this server booked, through the API, the pages or a payment run alike: approved (at once or by a decision), "+
				"pending (held for a decision), rejected, reversed, paid (put in a payment file). An idempotent retry counts nothing.",
			[]string{"event"}, nil)})
	}
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// moveCounter is the ledger's count of the payouts it moved into each
// status (ledger.Service.PayoutMoves): counted in the ledger's write path,
// once per committed move, so every route that books counts alike.
type moveCounter interface {
	PayoutMoves() map[ledger.Status]uint64
}

// payoutEvents names the metric's events by the status moved into: the
// label values dashboards know ("pending", not "pending_approval").
var payoutEvents = []struct {
	event  string
	status ledger.Status
}{
	{"approved", ledger.StatusApproved},
	{"pending", ledger.StatusPending},
	{"rejected", ledger.StatusRejected},
	{"reversed", ledger.StatusReversed},
	{"paid", ledger.StatusPaid},
	{"settled", ledger.StatusSettled},
	{"returned", ledger.StatusReturned},
}

// payoutMoves reports ontschot_payouts_total from the ledger's counts at
// scrape time.
type payoutMoves struct {
	store moveCounter
	desc  *prometheus.Desc
}

// Describe implements prometheus.Collector.
func (c *payoutMoves) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *payoutMoves) Collect(ch chan<- prometheus.Metric) {
	moves := c.store.PayoutMoves()
	for _, e := range payoutEvents {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(moves[e.status]), e.event)
	}
}

// payoutGauge reports the ledger's payouts per status at scrape time.
type payoutGauge struct {
	store ledger.Store
	desc  *prometheus.Desc
}

// Describe implements prometheus.Collector.
func (g *payoutGauge) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

// Collect implements prometheus.Collector.
func (g *payoutGauge) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := g.store.PayoutCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(g.desc, err)
		return
	}
	for _, st := range ledger.Statuses {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, float64(counts[st]), string(st))
	}
}

var _ http.Handler = (*Server)(nil)
