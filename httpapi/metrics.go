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
	payouts  *prometheus.CounterVec
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
		payouts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ontschot_payouts_total",
			Help: "Payout events through this server: approved (at once or by a decision), pending (held for a decision), rejected, reversed, paid (put in a payment file).",
		}, []string{"event"}),
	}
	reg.MustRegister(m.requests, m.duration, m.payouts, &payoutGauge{store: store, desc: prometheus.NewDesc(
		"ontschot_payouts", "Payouts in the ledger by status, counted when scraped.", []string{"status"}, nil)},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_running",
			Help: "Heavy reads (queues, reports) running now."}, func() float64 { return float64(heavy.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_waiting",
			Help: "Heavy reads waiting for a slot now."}, func() float64 { return float64(heavy.Waiting()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ontschot_heavy_reads_refused_total",
			Help: "Heavy reads answered 503 because they could not get a slot in time."}, func() float64 { return float64(heavy.Refused()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "ontschot_heavy_reads_slots",
			Help: "Heavy reads that may run at once."}, func() float64 { return float64(heavy.Slots()) }))
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// payout counts an event of a payout.
func (m *metrics) payout(p ledger.Payout) {
	switch p.Status {
	case ledger.StatusApproved:
		m.payouts.WithLabelValues("approved").Inc()
	case ledger.StatusPending:
		m.payouts.WithLabelValues("pending").Inc()
	case ledger.StatusRejected:
		m.payouts.WithLabelValues("rejected").Inc()
	case ledger.StatusReversed:
		m.payouts.WithLabelValues("reversed").Inc()
	}
}

// paid counts payouts put in a payment file.
func (m *metrics) paid(n int) { m.payouts.WithLabelValues("paid").Add(float64(n)) }

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
