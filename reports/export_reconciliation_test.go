package reports

import (
	"io"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// ReconciliationPDFUncompressed is as StatementPDFUncompressed.
func ReconciliationPDFUncompressed(w io.Writer, r *ledger.Reconciliation, madeAt time.Time) ([]string, error) {
	d, err := reconciliationPDF(w, r, madeAt, pdfOptions{uncompressed: true})
	return texts(d), err
}
