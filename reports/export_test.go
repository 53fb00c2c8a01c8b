package reports

import "io"

// StatementPDFUncompressed writes the statement as an uncompressed PDF, whose
// text can be searched, and returns every text it wrote.
func StatementPDFUncompressed(w io.Writer, s *Statement) ([]string, error) {
	return statementPDF(w, s, pdfOptions{uncompressed: true})
}

// FinanceViewPDFUncompressed is as StatementPDFUncompressed.
func FinanceViewPDFUncompressed(w io.Writer, v *FinanceView) ([]string, error) {
	return financeViewPDF(w, v, pdfOptions{uncompressed: true})
}

// LegitimacyPDFUncompressed is as StatementPDFUncompressed.
func LegitimacyPDFUncompressed(w io.Writer, l *Legitimacy) ([]string, error) {
	return legitimacyPDF(w, l, pdfOptions{uncompressed: true})
}
