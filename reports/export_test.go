package reports

import "io"

// StatementPDFUncompressed writes the statement as an uncompressed PDF, whose
// text can be searched, and returns every text it wrote.
func StatementPDFUncompressed(w io.Writer, s *Statement) ([]string, error) {
	d, err := statementPDF(w, s, pdfOptions{uncompressed: true})
	return texts(d), err
}

// FinanceViewPDFUncompressed is as StatementPDFUncompressed.
func FinanceViewPDFUncompressed(w io.Writer, v *FinanceView) ([]string, error) {
	d, err := financeViewPDF(w, v, pdfOptions{uncompressed: true})
	return texts(d), err
}

// LegitimacyPDFUncompressed is as StatementPDFUncompressed.
func LegitimacyPDFUncompressed(w io.Writer, l *Legitimacy) ([]string, error) {
	d, err := legitimacyPDF(w, l, pdfOptions{uncompressed: true})
	return texts(d), err
}

func texts(d *doc) []string {
	if d == nil {
		return nil
	}
	return d.texts
}

// DrawnCell is a table cell as a PDF drew it (see drawnCell).
type DrawnCell = drawnCell

// StatementPDFCells writes the statement as a PDF and returns every table
// cell it drew.
func StatementPDFCells(w io.Writer, s *Statement) ([]DrawnCell, error) {
	d, err := statementPDF(w, s, pdfOptions{recordCells: true})
	return cells(d), err
}

// FinanceViewPDFCells is as StatementPDFCells.
func FinanceViewPDFCells(w io.Writer, v *FinanceView) ([]DrawnCell, error) {
	d, err := financeViewPDF(w, v, pdfOptions{recordCells: true})
	return cells(d), err
}

// LegitimacyPDFCells is as StatementPDFCells.
func LegitimacyPDFCells(w io.Writer, l *Legitimacy) ([]DrawnCell, error) {
	d, err := legitimacyPDF(w, l, pdfOptions{recordCells: true})
	return cells(d), err
}

func cells(d *doc) []DrawnCell {
	if d == nil {
		return nil
	}
	return d.cells
}
